package io.stele.ledger.tx;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.consensus.Evidence;
import io.stele.ledger.genesis.Parameters;
import java.util.List;

/**
 * Builds and signs transactions for one sender on one chain, with the chain's minimum fee unless
 * told otherwise. The command line and load generators use it; the result's {@link
 * Transaction#encoded()} bytes are what {@code LedgerNode.submit} takes.
 */
public final class TransactionBuilder {
  private final byte chainId;
  private final Parameters parameters;
  private final KeyPair sender;

  public TransactionBuilder(byte chainId, Parameters parameters, KeyPair sender) {
    this.chainId = chainId;
    this.parameters = parameters;
    this.sender = sender;
  }

  public Address senderAddress() {
    return Address.of(sender.publicKey(), chainId);
  }

  public Transaction transfer(Address recipient, long amount, long nonce, long timestamp) {
    return build(new Payload.Transfer(recipient, amount), nonce, timestamp);
  }

  public Transaction anchor(List<Bytes> hashes, long nonce, long timestamp) {
    return build(new Payload.Anchor(hashes), nonce, timestamp);
  }

  public Transaction registerCandidate(long deposit, long nonce, long timestamp) {
    return build(new Payload.RegisterCandidate(deposit), nonce, timestamp);
  }

  public Transaction vote(PublicKey candidate, long amount, long nonce, long timestamp) {
    return build(new Payload.Vote(candidate, amount), nonce, timestamp);
  }

  public Transaction reportEvidence(Evidence evidence, long nonce, long timestamp) {
    return build(new Payload.EvidenceReport(evidence), nonce, timestamp);
  }

  /** Any payload with the chain's minimum fee for its type. */
  public Transaction build(Payload payload, long nonce, long timestamp) {
    return build(payload, nonce, timestamp, parameters.fee(payload.type()));
  }

  public Transaction build(Payload payload, long nonce, long timestamp, long fee) {
    return Transaction.sign(chainId, sender, nonce, timestamp, fee, payload);
  }
}

package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.error.SteleException;
import io.stele.ledger.mempool.Mempool;
import io.stele.ledger.tx.Transaction;
import java.util.Optional;

/**
 * How a networked node (witness or follower) takes a transaction into its mempool over its final
 * chain, and finds one that is final or pending. {@code lock} is the owner's lock over the mempool
 * and the chain's state; the signature is checked outside it, so admissions verify in parallel.
 */
final class Admission {
  private Admission() {}

  /**
   * Checks a transaction fully (decoding, chain, fee, time, signature, nonce and funds against the
   * final state plus what is pending) and admits it. Returns it, or throws why it is refused.
   */
  static Transaction admit(
      FinalChain chain, Mempool mempool, Object lock, Clock clock, byte[] signedTransaction) {
    Transaction tx = Transaction.decode(signedTransaction);
    if (chain.isFinal(tx.id())) {
      throw new SteleException("tx.replay", "transaction " + tx.id() + " is already in a block");
    }
    synchronized (lock) {
      if (mempool.pending(tx.id()).isPresent()) { // relayed twice: spare the signature check
        throw new SteleException("tx.replay", "transaction " + tx.id() + " is already pending");
      }
      chain.state().checkStatic(tx);
      chain.state().checkTimestamp(tx, clock.millis());
    }
    if (!chain.signatures().isValid(tx)) {
      throw new SteleException(
          "tx.bad_signature", "signature does not match sender " + tx.sender());
    }
    synchronized (lock) {
      mempool.admit(tx, chain.state());
    }
    return tx;
  }

  /** The API's answer to an admitted transaction. */
  static ObjectNode pending(Transaction tx) {
    return Views.object().put("id", tx.id().toBase58()).put("status", "pending");
  }

  /** A transaction by id: final in the chain, else pending in the mempool. */
  static Optional<ObjectNode> find(FinalChain chain, Mempool mempool, Object lock, Bytes id) {
    Optional<ObjectNode> found = chain.finalTransaction(id);
    if (found.isPresent()) {
      return found;
    }
    synchronized (lock) {
      return mempool.pending(id).map(tx -> Views.transaction(tx).put("status", "pending"));
    }
  }
}

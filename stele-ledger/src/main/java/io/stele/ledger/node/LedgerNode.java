package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the HTTP API and the command line may ask of a running ledger node. Views are JSON in the
 * shapes {@code docs/ledger.md} documents, so every front end shows the same thing. Every method is
 * safe to call from any thread. Rejections are {@link io.stele.core.error.SteleException}s whose
 * code and message go to the caller unchanged.
 */
public interface LedgerNode extends AutoCloseable {

  /**
   * Chain id, head height and hash, final height and hash, mempool size, role; on the peer network
   * also the peers (key, address, score, reported final height) and the lag behind the best one.
   */
  ObjectNode status();

  Optional<ObjectNode> block(long height);

  Optional<ObjectNode> block(Bytes hash);

  /** A transaction with its block height and position once included, or its pending state. */
  Optional<ObjectNode> transaction(Bytes id);

  /** Balance, nonce and one page of the account's transactions, newest first. */
  ObjectNode account(Address address, int page, int pageSize);

  /**
   * Admits a signed, encoded transaction to the mempool after checking it fully (decoding,
   * signature, chain id, nonce, funds). Returns its id and status.
   */
  ObjectNode submit(byte[] signedTransaction);

  /** Queues hashes for the anchoring service; each gets a receipt once its block is final. */
  ObjectNode anchor(List<Bytes> hashes);

  /** The receipt of an anchored hash, once the block that holds it is final. */
  Optional<ObjectNode> receipt(Bytes hash);

  /** The current witness set and term. */
  ObjectNode witnesses();

  /** Witness candidates with their deposits and votes, ranked. */
  ObjectNode candidates();

  /** Calls {@code listener} with each block as it becomes final, in height order. */
  Subscription onFinalizedBlock(Consumer<ObjectNode> listener);

  /** Calls {@code listener} with each receipt as its block becomes final. */
  Subscription onReceipt(Consumer<ObjectNode> listener);

  /** Stops block production and closes storage; committed state survives. */
  @Override
  void close();

  /** A listener registration; closing it stops the calls. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}

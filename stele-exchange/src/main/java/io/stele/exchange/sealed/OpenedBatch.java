package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import java.util.List;

/**
 * A batch after its epoch key was released: the decrypted orders in their sealed order, the
 * envelopes that could not be opened with the published reason, and the batch's plaintext deposits
 * with their positions. This is what the matching engine consumes.
 */
public record OpenedBatch(
    long sequence,
    Bytes batchHash,
    List<Order> orders,
    List<Rejection> rejections,
    List<SealedBatch.Deposit> deposits) {
  public OpenedBatch {
    orders = List.copyOf(orders);
    rejections = List.copyOf(rejections);
    deposits = List.copyOf(deposits);
  }

  /** A batch without deposits. */
  public OpenedBatch(
      long sequence, Bytes batchHash, List<Order> orders, List<Rejection> rejections) {
    this(sequence, batchHash, orders, rejections, List.of());
  }

  /** An opened order: its position in the batch, who sealed it, and the payload bytes. */
  public record Order(int position, PublicKey client, long counter, Bytes payload) {}

  /** An envelope that did not open: its position, a stable code and what was wrong. */
  public record Rejection(int position, String code, String message) {}
}

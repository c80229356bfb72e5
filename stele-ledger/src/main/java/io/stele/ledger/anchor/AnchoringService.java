package io.stele.ledger.anchor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.receipt.BlockReceipts;
import io.stele.ledger.tx.Payload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's anchoring service, like LTO's anchor node: callers queue hashes, the block producer
 * packs them into anchor transactions signed by the node's key, and once the block is final every
 * waiting caller gets the hash's receipt. The queue is bounded; a full queue refuses with {@code
 * anchor.queue_full} and changes nothing.
 */
public final class AnchoringService {
  private final int maxQueued;
  private final ConcurrentLinkedQueue<Bytes> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Map<Bytes, CompletableFuture<ObjectNode>> waiting = new ConcurrentHashMap<>();

  public AnchoringService(int maxQueued) {
    this.maxQueued = maxQueued;
  }

  /** Validates every hash, then queues all of them or none. Returns how many are queued now. */
  public int enqueue(List<Bytes> hashes) {
    if (hashes.isEmpty()) {
      throw new SteleException("anchor.empty", "no hashes to anchor");
    }
    for (Bytes hash : hashes) {
      if (hash.length() == 0 || hash.length() > Anchorer.MAX_HASH_LENGTH) {
        throw new SteleException(
            "anchor.hash_length", "an anchored hash is 1 to 64 bytes, not " + hash.length());
      }
    }
    int after = queued.addAndGet(hashes.size());
    if (after > maxQueued) {
      queued.addAndGet(-hashes.size());
      throw new SteleException(
          "anchor.queue_full", "the anchoring queue holds " + maxQueued + " hashes; try later");
    }
    queue.addAll(hashes);
    return after;
  }

  public int queued() {
    return queued.get();
  }

  /**
   * Takes queued hashes for up to {@code maxTransactions} anchor payloads of at most {@code
   * perTransaction} hashes. A hash queued twice for the same batch is packed once.
   */
  public List<Payload.Anchor> take(int maxTransactions, int perTransaction) {
    List<Payload.Anchor> payloads = new ArrayList<>();
    Set<Bytes> batch = new HashSet<>();
    List<Bytes> current = new ArrayList<>(perTransaction);
    while (payloads.size() < maxTransactions) {
      Bytes hash = queue.poll();
      if (hash == null) {
        break;
      }
      queued.decrementAndGet();
      if (!batch.add(hash)) {
        continue;
      }
      current.add(hash);
      if (current.size() == perTransaction) {
        payloads.add(new Payload.Anchor(current));
        current = new ArrayList<>(perTransaction);
      }
    }
    if (!current.isEmpty()) {
      payloads.add(new Payload.Anchor(current));
    }
    return payloads;
  }

  /** Puts hashes back at the end of the queue (their transaction could not be admitted yet). */
  public void requeue(List<Bytes> hashes) {
    queued.addAndGet(hashes.size());
    queue.addAll(hashes);
  }

  /** The future that completes with {@code hash}'s receipt when a block holding it is final. */
  public CompletableFuture<ObjectNode> await(Bytes hash) {
    return waiting.computeIfAbsent(hash, h -> new CompletableFuture<>());
  }

  /** Fails the callers waiting for {@code hashes}, e.g. when the node cannot pay the fee. */
  public void fail(List<Bytes> hashes, SteleException cause) {
    hashes.forEach(
        hash -> {
          CompletableFuture<ObjectNode> f = waiting.remove(hash);
          if (f != null) {
            f.completeExceptionally(cause);
          }
        });
  }

  /** Completes the callers waiting for the hashes of a final block. */
  public void finalized(BlockReceipts receipts) {
    if (waiting.isEmpty()) {
      return;
    }
    for (int position = 0; position < receipts.anchorCount(); position++) {
      CompletableFuture<ObjectNode> f = waiting.remove(receipts.anchor(position));
      if (f != null) {
        f.complete(receipts.receipt(position));
      }
    }
  }

  /** Completes a caller from a receipt that already exists (the hash was anchored earlier). */
  public void found(Bytes hash, ObjectNode receipt) {
    CompletableFuture<ObjectNode> f = waiting.remove(hash);
    if (f != null) {
      f.complete(receipt);
    }
  }
}

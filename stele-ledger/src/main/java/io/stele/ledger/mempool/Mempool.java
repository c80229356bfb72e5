package io.stele.ledger.mempool;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admitted transactions waiting for a block, bounded in count and bytes. A sender's transactions
 * are admitted only in nonce order without gaps, so arrival order is also nonce order and the queue
 * can be drained from the head. Signatures are checked by the caller before {@link #admit}; nothing
 * here or after it verifies them again. Not thread-safe: the node serialises access.
 */
public final class Mempool {
  /** Bookkeeping bytes charged per transaction on top of its encoding. */
  static final int ENTRY_OVERHEAD = 256;

  /** The length prefix a transaction carries in an encoded block. */
  public static final int BLOCK_ENTRY_PREFIX = 4;

  private final int maxCount;
  private final long maxBytes;
  private final ArrayDeque<Transaction> queue = new ArrayDeque<>();
  private final Map<Bytes, Transaction> byId = new HashMap<>();
  private final Map<PublicKey, Pending> bySender = new HashMap<>();
  private long bytes;

  /** A sender's admitted transactions: how many and what they spend in total. */
  private record Pending(long count, long cost) {}

  public Mempool(int maxCount, long maxBytes) {
    if (maxCount < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("mempool bounds must be positive");
    }
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
  }

  /**
   * Admits {@code tx} after checking capacity, duplicates and the sender's nonce and funds against
   * {@code state} plus the sender's transactions already waiting. Rejection changes nothing.
   */
  public void admit(Transaction tx, LedgerState state) {
    if (byId.containsKey(tx.id())) {
      throw new SteleException("tx.replay", "transaction " + tx.id() + " is already pending");
    }
    long size = (long) tx.size() + ENTRY_OVERHEAD;
    if (queue.size() >= maxCount || bytes + size > maxBytes) {
      throw new SteleException(
          "mempool.full",
          "mempool holds " + queue.size() + " transactions (" + bytes + " bytes); try later");
    }
    Pending pending = bySender.getOrDefault(tx.sender(), new Pending(0, 0));
    state.checkAccount(tx, pending.count(), pending.cost());
    queue.addLast(tx);
    byId.put(tx.id(), tx);
    bySender.put(tx.sender(), new Pending(pending.count() + 1, pending.cost() + tx.cost()));
    bytes += size;
  }

  /** Removes and returns up to {@code max} transactions from the head, in admission order. */
  public List<Transaction> drain(int max) {
    List<Transaction> out = new ArrayList<>(Math.min(max, queue.size()));
    while (out.size() < max && !queue.isEmpty()) {
      Transaction tx = queue.pollFirst();
      byId.remove(tx.id());
      bytes -= (long) tx.size() + ENTRY_OVERHEAD;
      Pending pending = bySender.get(tx.sender());
      if (pending.count() == 1) {
        bySender.remove(tx.sender());
      } else {
        bySender.put(tx.sender(), new Pending(pending.count() - 1, pending.cost() - tx.cost()));
      }
      out.add(tx);
    }
    return out;
  }

  /**
   * The longest run from the head, in admission order and left in the pool, of at most {@code max}
   * transactions whose block encodings (each a {@code u32} length and the transaction) total at
   * most {@code maxBytes}. It stops at the first transaction that does not fit rather than skip it,
   * so a sender's nonces stay without gaps.
   */
  public List<Transaction> peek(int max, long maxBytes) {
    List<Transaction> out = new ArrayList<>(Math.min(max, queue.size()));
    long total = 0;
    for (Transaction tx : queue) {
      total += BLOCK_ENTRY_PREFIX + tx.size();
      if (out.size() == max || total > maxBytes) {
        break;
      }
      out.add(tx);
    }
    return out;
  }

  /**
   * Keeps only the transactions that are still admissible on {@code state} (a block just committed
   * used some nonces), in their order; returns how many left.
   */
  public int retain(LedgerState state) {
    List<Transaction> all = drain(queue.size());
    int left = 0;
    for (Transaction tx : all) {
      try {
        admit(tx, state);
      } catch (SteleException included) {
        left++; // in a final block now (its nonce is used), or no longer valid
      }
    }
    return left;
  }

  /** How many transactions of {@code sender} are waiting. */
  public long pendingCount(PublicKey sender) {
    Pending pending = bySender.get(sender);
    return pending == null ? 0 : pending.count();
  }

  public Optional<Transaction> pending(Bytes id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return queue.size();
  }

  public long bytes() {
    return bytes;
  }
}

package io.stele.workflow.distribution;

import io.stele.core.clock.Clock;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.workflow.chain.EventChain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * Chains waiting to be pushed to other parties' nodes, on disk (RocksDB) so that nothing is lost
 * when the node stops. One entry per (node, chain): delivery always sends the newest stored copy,
 * so a chain that grows while waiting is sent once. Failed deliveries are retried with {@link
 * Backoff} while {@link EventDelivery#retryable}; an entry is removed once delivered or refused for
 * good.
 *
 * <p>Key {@code node (UTF-8) ‖ 0x00 ‖ chain id (base58)}; value {@code i64 generation ‖ u32
 * failures ‖ i64 due (epoch ms)}. The generation changes on every enqueue, so a delivery that
 * overlaps a newer enqueue does not remove it.
 */
public final class Outbox implements AutoCloseable {
  /** Longest node name. */
  public static final int MAX_NODE = 256;

  static {
    RocksDB.loadLibrary();
  }

  /** One waiting delivery. */
  public record Entry(String node, String chainId, int failures, long dueMillis) {}

  /** A delivery the receiving node refused; it is not retried. */
  public record Refusal(String node, String chainId, String code, String message) {}

  /** What one {@link #deliverDue} round did. */
  public record Round(int delivered, int retrying, List<Refusal> refused) {
    public Round {
      refused = List.copyOf(refused);
    }
  }

  private record Value(long generation, int failures, long due) {
    byte[] bytes() {
      return ByteBuffer.allocate(20).putLong(generation).putInt(failures).putLong(due).array();
    }

    static Value of(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new Value(b.getLong(), b.getInt(), b.getLong());
    }
  }

  private final Options options;
  private final RocksDB db;
  private final WriteOptions sync = new WriteOptions().setSync(true);
  private final Clock clock;
  private final Rng rng;
  private final Backoff backoff;

  private Outbox(Options options, RocksDB db, Clock clock, Rng rng, Backoff backoff) {
    this.options = options;
    this.db = db;
    this.clock = clock;
    this.rng = rng;
    this.backoff = backoff;
  }

  public static Outbox open(Path directory, Clock clock, Rng rng, Backoff backoff) {
    Options options = new Options().setCreateIfMissing(true);
    try {
      return new Outbox(options, RocksDB.open(options, directory.toString()), clock, rng, backoff);
    } catch (RocksDBException e) {
      options.close();
      throw new SteleException(
          "workflow.store", "cannot open outbox " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Asks for the newest copy of {@code chainId} to be pushed to {@code node}, now. */
  public synchronized void enqueue(String node, String chainId) {
    if (node.isEmpty() || node.length() > MAX_NODE || node.indexOf('\0') >= 0) {
      throw new SteleException(
          "workflow.node_name", "node name must be 1 to " + MAX_NODE + " characters, no NUL");
    }
    byte[] key = key(node, chainId);
    long generation = read(key).map(v -> v.generation() + 1).orElse(0L);
    put(key, new Value(generation, 0, clock.millis()));
  }

  /** Every waiting delivery, by node then chain id. */
  public synchronized List<Entry> pending() {
    List<Entry> entries = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        int split = indexOfZero(key);
        Value value = Value.of(it.value());
        entries.add(
            new Entry(
                new String(key, 0, split, StandardCharsets.UTF_8),
                new String(key, split + 1, key.length - split - 1, StandardCharsets.UTF_8),
                value.failures(),
                value.due()));
      }
    }
    return entries;
  }

  /**
   * Tries every delivery that is due, one at a time; {@code chains} gives the newest copy of a
   * chain (an entry whose chain is gone is dropped). Delivery runs outside the lock, so enqueuing
   * may go on meanwhile.
   */
  public Round deliverDue(Function<String, Optional<EventChain>> chains, EventDelivery delivery) {
    long now = clock.millis();
    List<Entry> due = pending().stream().filter(e -> e.dueMillis() <= now).toList();
    int delivered = 0;
    int retrying = 0;
    List<Refusal> refused = new ArrayList<>();
    for (Entry entry : due) {
      byte[] key = key(entry.node(), entry.chainId());
      Optional<Value> before;
      synchronized (this) {
        before = read(key);
      }
      if (before.isEmpty()) {
        continue;
      }
      Optional<EventChain> chain = chains.apply(entry.chainId());
      SteleException failure = null;
      if (chain.isPresent()) {
        try {
          delivery.deliver(entry.node(), chain.get());
        } catch (SteleException e) {
          failure = e;
        }
      }
      synchronized (this) {
        Optional<Value> current = read(key);
        if (current.isEmpty() || current.get().generation() != before.get().generation()) {
          continue; // enqueued again meanwhile: the newer entry stays due
        }
        if (failure != null && EventDelivery.retryable(failure.code())) {
          int failures = before.get().failures() + 1;
          put(
              key,
              new Value(
                  before.get().generation(),
                  failures,
                  clock.millis() + backoff.delayMillis(failures, rng)));
          retrying++;
        } else {
          delete(key);
          if (failure != null) {
            refused.add(
                new Refusal(entry.node(), entry.chainId(), failure.code(), failure.getMessage()));
          } else if (chain.isPresent()) {
            delivered++;
          }
        }
      }
    }
    return new Round(delivered, retrying, refused);
  }

  private Optional<Value> read(byte[] key) {
    try {
      byte[] value = db.get(key);
      return value == null ? Optional.empty() : Optional.of(Value.of(value));
    } catch (RocksDBException e) {
      throw new SteleException("workflow.store", "cannot read outbox: " + e.getMessage(), e);
    }
  }

  private void put(byte[] key, Value value) {
    try {
      db.put(sync, key, value.bytes());
    } catch (RocksDBException e) {
      throw new SteleException("workflow.store", "cannot write outbox: " + e.getMessage(), e);
    }
  }

  private void delete(byte[] key) {
    try {
      db.delete(sync, key);
    } catch (RocksDBException e) {
      throw new SteleException("workflow.store", "cannot write outbox: " + e.getMessage(), e);
    }
  }

  private static byte[] key(String node, String chainId) {
    byte[] n = node.getBytes(StandardCharsets.UTF_8);
    byte[] c = chainId.getBytes(StandardCharsets.UTF_8);
    byte[] key = Arrays.copyOf(n, n.length + 1 + c.length);
    System.arraycopy(c, 0, key, n.length + 1, c.length);
    return key;
  }

  private static int indexOfZero(byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if (key[i] == 0) {
        return i;
      }
    }
    throw new SteleException("workflow.store", "outbox key without separator");
  }

  @Override
  public void close() {
    sync.close();
    db.close();
    options.close();
  }
}

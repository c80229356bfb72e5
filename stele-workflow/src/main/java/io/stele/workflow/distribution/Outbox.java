package io.stele.workflow.distribution;

import io.stele.core.clock.Clock;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.workflow.chain.Event;
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
 * so a chain that grows while waiting is sent once, from the first event the node is not known to
 * hold. Failed deliveries are retried with {@link Backoff} while {@link EventDelivery#retryable};
 * an entry goes idle once delivered and is removed once refused for good.
 *
 * <p>Key {@code node (UTF-8) ‖ 0x00 ‖ chain id (base58)}; value {@code i64 generation ‖ u32
 * failures ‖ i64 due (epoch ms, Long.MAX_VALUE once all was sent) ‖ u32 acked ‖ hash of the
 * acked-th event (base58, UTF-8)}. The generation changes on every enqueue, so a delivery that
 * overlaps a newer enqueue does not mark it done. The acknowledgement outlives the delivery, so the
 * next one sends only the events the node lacks.
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

  /**
   * {@code acked} leading events of the chain the node is known to hold, the last of them with hash
   * {@code ackedHash} (empty when none); {@code due} {@link #IDLE} once everything was sent.
   */
  private record Value(long generation, int failures, long due, int acked, String ackedHash) {
    byte[] bytes() {
      byte[] hash = ackedHash.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(24 + hash.length)
          .putLong(generation)
          .putInt(failures)
          .putLong(due)
          .putInt(acked)
          .put(hash)
          .array();
    }

    static Value of(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      long generation = b.getLong();
      int failures = b.getInt();
      long due = b.getLong();
      if (!b.hasRemaining()) {
        return new Value(generation, failures, due, 0, ""); // written before acks were kept
      }
      int acked = b.getInt();
      byte[] hash = new byte[b.remaining()];
      b.get(hash);
      return new Value(generation, failures, due, acked, new String(hash, StandardCharsets.UTF_8));
    }

    Value withAck(int count, String hash) {
      return new Value(generation, failures, due, count, hash);
    }

    /** Where to send from: the acknowledged events, if this copy still starts with them. */
    int resumeAt(EventChain chain) {
      List<Event> events = chain.events();
      return acked > 0 && acked <= events.size() && events.get(acked - 1).hash().equals(ackedHash)
          ? acked
          : 0;
    }
  }

  /**
   * {@code due} of an entry with nothing left to send; it stays to remember what was acknowledged.
   */
  private static final long IDLE = Long.MAX_VALUE;

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
    Optional<Value> before = read(key);
    put(
        key,
        new Value(
            before.map(v -> v.generation() + 1).orElse(0L),
            0,
            clock.millis(),
            before.map(Value::acked).orElse(0),
            before.map(Value::ackedHash).orElse("")));
  }

  /** Every waiting delivery, by node then chain id (not those that sent everything). */
  public synchronized List<Entry> pending() {
    List<Entry> entries = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        int split = indexOfZero(key);
        Value value = Value.of(it.value());
        if (value.due() == IDLE) {
          continue;
        }
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
   * chain (an entry whose chain is gone is dropped). Each delivery sends pages of at most {@link
   * EventDelivery#maxPageBytes} from the first event the node is not known to hold, and remembers
   * what the node acknowledged; a node that lacks the events before a page ({@link
   * EventDelivery#GAP}) is sent the chain from the start. Delivery runs outside the lock, so
   * enqueuing may go on meanwhile.
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
      if (before.isEmpty() || before.get().due() == IDLE) {
        continue;
      }
      Optional<EventChain> chain = chains.apply(entry.chainId());
      SteleException failure = null;
      if (chain.isPresent()) {
        try {
          send(key, entry.node(), chain.get(), before.get().resumeAt(chain.get()), delivery);
        } catch (SteleException e) {
          failure = e;
        }
      }
      synchronized (this) {
        Optional<Value> current = read(key);
        if (current.isEmpty() || current.get().generation() != before.get().generation()) {
          continue; // enqueued again meanwhile: the newer entry stays due
        }
        Value latest = current.get();
        if (failure != null && EventDelivery.retryable(failure.code())) {
          int failures = before.get().failures() + 1;
          put(
              key,
              new Value(
                  latest.generation(),
                  failures,
                  clock.millis() + backoff.delayMillis(failures, rng),
                  latest.acked(),
                  latest.ackedHash()));
          retrying++;
        } else if (failure != null || chain.isEmpty()) {
          delete(key);
          if (failure != null) {
            refused.add(
                new Refusal(entry.node(), entry.chainId(), failure.code(), failure.getMessage()));
          }
        } else {
          put(key, new Value(latest.generation(), 0, IDLE, latest.acked(), latest.ackedHash()));
          delivered++;
        }
      }
    }
    return new Round(delivered, retrying, refused);
  }

  /** Sends {@code chain} from event {@code from} page by page, recording each acknowledgement. */
  private void send(byte[] key, String node, EventChain chain, int from, EventDelivery delivery) {
    boolean restarted = from == 0;
    while (from < chain.events().size() || (from == 0 && chain.events().isEmpty())) {
      ChainPage page = ChainPage.of(chain, from, delivery.maxPageBytes());
      int common;
      try {
        common = delivery.deliver(node, page);
      } catch (SteleException e) {
        if (!EventDelivery.GAP.equals(e.code()) || restarted) {
          throw e;
        }
        restarted = true;
        from = 0;
        continue;
      }
      int end = from + page.events().size();
      common = Math.clamp(common, 0, end);
      synchronized (this) {
        Optional<Value> current = read(key);
        if (current.isPresent()) {
          put(
              key,
              current
                  .get()
                  .withAck(common, common == 0 ? "" : chain.events().get(common - 1).hash()));
        }
      }
      if (common < end || page.last()) {
        return; // the node kept a branch of its own, or has everything
      }
      from = end;
    }
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

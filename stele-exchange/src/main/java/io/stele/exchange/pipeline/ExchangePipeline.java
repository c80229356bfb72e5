package io.stele.exchange.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.StateDump;
import io.stele.exchange.journal.JournalWriter;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.journal.Snapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The running exchange, in the LMAX arrangement. The caller's thread (input) numbers commands and
 * publishes them into a Disruptor ring. Two consumers take the same ring in parallel: the journal
 * thread appends each command and forces the journal to disk once per batch it finds on the ring
 * (group commit), and the business thread applies each command to the engine and reports its
 * events. A reply (the {@code replies} acknowledger) is released only when both have passed a
 * sequence, so nothing a client is told can be lost to a crash, while the engine never waits for a
 * disk.
 *
 * <p>The engine's events ({@link EventSink}) come out before their command is durable: they are the
 * engine's own output, for projections that are rebuilt from the journal anyway. Whatever a client
 * may rely on must wait for a reply.
 *
 * <p>The business thread dumps the engine state every {@code snapshotEvery} commands; the journal
 * thread writes each dump once the journal is durable past it (or on close), and keeps only the
 * newest two. A snapshot is thus never ahead of the durable journal.
 *
 * <p>The business thread waits as its {@link Idle} says (by default a phased back-off: spin
 * briefly, then yield, then block until a command is published); the journal thread only blocks
 * ({@link ConsumerWait}). A pure busy spin is lower latency on a core of its own but burns that
 * core even when idle.
 *
 * <p>{@link #unjournaled} runs the same ring with the business thread alone: no journal, no
 * snapshots, nothing durable. It exists to measure the engine path by itself.
 */
public final class ExchangePipeline implements AutoCloseable {
  /** Told that every command up to {@code sequence} has passed a stage of the pipeline. */
  @FunctionalInterface
  public interface Acknowledger {
    void acknowledged(long sequence);
  }

  /** How the business thread waits for commands when the ring is empty. */
  public enum Idle {
    /** Spin 50 µs, then yield until 500 µs, then block: frees the core when idle. */
    BACK_OFF,
    /** Spin without end: the lowest latency, for a business thread with a core of its own. */
    BUSY_SPIN
  }

  /**
   * The names of the consumer threads, also in the operating system (at most 15 characters there),
   * where a profiler or {@code /proc/PID/task/TID/comm} shows them.
   */
  public static final String BUSINESS_THREAD = "exch-business";

  public static final String JOURNAL_THREAD = "exch-journal";

  private static final class Slot {
    final Command command = new Command();
  }

  private final Engine engine;
  private final JournalWriter journal; // null when unjournaled
  private final Disruptor<Slot> disruptor;
  private final RingBuffer<Slot> ring;
  private final int ringSize;
  private final long snapshotEvery;
  private long nextSequence;
  private long sinceSnapshot;
  private volatile SteleException failure;
  private final ReplyGate gate;
  private final Queue<Snapshots.Snapshot> pendingSnapshots = new ConcurrentLinkedQueue<>();
  private final Path dir;

  private ExchangePipeline(
      Path dir,
      JournalWriter journal,
      Engine engine,
      long lastSequence,
      EventSink events,
      Acknowledger appliedAck,
      Acknowledger replies,
      int ringSize,
      long snapshotEvery,
      Idle idle) {
    this.dir = dir;
    this.journal = journal;
    this.engine = engine;
    this.nextSequence = lastSequence + 1;
    this.gate = new ReplyGate(lastSequence, replies);
    if (journal == null) {
      gate.durable(Long.MAX_VALUE); // nothing waits for a disk: replies follow the engine
    }
    this.snapshotEvery = snapshotEvery;
    this.ringSize = ringSize;
    ConsumerWait wait = new ConsumerWait(idle, journal != null);
    this.disruptor =
        new Disruptor<>(
            Slot::new, ringSize, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE, wait);
    EventHandler<Slot> business =
        new EventHandler<>() {
          @Override
          public void onStart() {
            Thread.currentThread().setName(BUSINESS_THREAD);
          }

          @Override
          public void onEvent(Slot slot, long seq, boolean endOfBatch) {
            engine.apply(slot.command, events);
            if (++sinceSnapshot >= snapshotEvery) {
              sinceSnapshot = 0;
              // Only the dump is taken here; the journal thread writes and forces the file.
              pendingSnapshots.add(
                  new Snapshots.Snapshot(slot.command.sequence, StateDump.write(engine)));
            }
            if (endOfBatch) {
              appliedAck.acknowledged(slot.command.sequence);
              gate.applied(slot.command.sequence);
            }
          }
        };
    if (journal == null) {
      disruptor.handleEventsWith(business);
    } else {
      disruptor.handleEventsWith(journaling(wait), business);
    }
    disruptor.setDefaultExceptionHandler(
        new ExceptionHandler<>() {
          @Override
          public void handleEventException(Throwable ex, long seq, Slot slot) {
            // The engine may be half way through a command, or the journal unsure of what it
            // holds: stop rather than go on from there.
            failure =
                new SteleException(
                    "exchange.halted",
                    "the pipeline stopped at sequence " + slot.command.sequence + ": " + ex,
                    ex);
            throw failure;
          }

          @Override
          public void handleOnStartException(Throwable ex) {
            failure = new SteleException("exchange.halted", "the pipeline did not start", ex);
          }

          @Override
          public void handleOnShutdownException(Throwable ex) {}
        });
    this.ring = disruptor.start();
  }

  private EventHandler<Slot> journaling(ConsumerWait wait) {
    return new EventHandler<>() {
      @Override
      public void onStart() {
        Thread.currentThread().setName(JOURNAL_THREAD);
        wait.blockOnThisThread();
      }

      @Override
      public void onEvent(Slot slot, long seq, boolean endOfBatch) {
        journal.append(slot.command);
        if (endOfBatch) {
          journal.commit();
          gate.durable(slot.command.sequence);
          writeDurableSnapshots();
        }
      }
    };
  }

  /**
   * Recovers the state in {@code dir} (snapshot plus journal, torn tail cut off) and starts the
   * journal and business threads. {@code replies} hears, in increasing order, each sequence up to
   * which every command is both durable and applied. {@code ringSize} must be a power of two.
   */
  public static ExchangePipeline open(
      Path dir, EventSink events, Acknowledger replies, int ringSize, long snapshotEvery) {
    return open(dir, events, s -> {}, replies, ringSize, snapshotEvery);
  }

  /**
   * As {@link #open(Path, EventSink, Acknowledger, int, long)}; {@code applied} hears on the
   * business thread, at the end of each batch it takes off the ring, that every command up to a
   * sequence has been applied (its events are out), durable or not.
   */
  public static ExchangePipeline open(
      Path dir,
      EventSink events,
      Acknowledger applied,
      Acknowledger replies,
      int ringSize,
      long snapshotEvery) {
    return open(dir, events, applied, replies, ringSize, snapshotEvery, Idle.BACK_OFF);
  }

  /**
   * As {@link #open(Path, EventSink, Acknowledger, Acknowledger, int, long)}, with the business
   * thread waiting as {@code idle} says.
   */
  public static ExchangePipeline open(
      Path dir,
      EventSink events,
      Acknowledger applied,
      Acknowledger replies,
      int ringSize,
      long snapshotEvery,
      Idle idle) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Recovery.Recovered recovered = Recovery.recover(dir);
    JournalWriter journal =
        new JournalWriter(dir.resolve(Recovery.JOURNAL), recovered.journal().validBytes(), 1 << 20);
    return new ExchangePipeline(
        dir,
        journal,
        recovered.engine(),
        recovered.sequence(),
        events,
        applied,
        replies,
        ringSize,
        snapshotEvery,
        idle);
  }

  /**
   * The ring and the business thread alone, over an empty engine: nothing is journaled or
   * snapshotted, so nothing survives the process. {@code applied} hears each applied batch on the
   * business thread, as in {@link #open(Path, EventSink, Acknowledger, Acknowledger, int, long,
   * Idle)}, and replies ({@link #awaitReply}, {@link #repliedSequence()}) follow it. For measuring
   * the engine path without a disk; never for commands a client relies on.
   */
  public static ExchangePipeline unjournaled(
      EventSink events, Acknowledger applied, int ringSize, Idle idle) {
    return new ExchangePipeline(
        null, null, new Engine(), 0, events, applied, s -> {}, ringSize, Long.MAX_VALUE, idle);
  }

  /** The sequence the next submitted command will get. */
  public long nextSequence() {
    return nextSequence;
  }

  /** The last sequence that is both durable and applied (replies are released up to it). */
  public long repliedSequence() {
    return gate.replied();
  }

  /**
   * Numbers {@code count} commands and hands them to the journal and business threads; returns once
   * they are on the ring, before they are durable. Call from one thread only. Sequence numbers are
   * written into the given commands.
   */
  public void submit(Command[] batch, int count) {
    checkRunning();
    for (int from = 0; from < count; ) {
      int n = Math.min(count - from, ringSize);
      long hi = claim(n);
      long lo = hi - n + 1;
      for (long s = lo; s <= hi; s++) {
        Command c = batch[from++];
        c.sequence = nextSequence++;
        ring.get(s).command.copyFrom(c);
      }
      ring.publish(lo, hi);
    }
  }

  /**
   * Waits until every command up to {@code sequence} is durable and applied. Throws {@code
   * exchange.halted} if the pipeline stopped first.
   */
  public void awaitReply(long sequence) {
    for (int spins = 0; gate.replied() < sequence; spins++) {
      checkRunning();
      if (spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
  }

  // Like ring.next(n), but gives up if a consumer has stopped and will never free room.
  private long claim(int n) {
    while (true) {
      try {
        return ring.tryNext(n);
      } catch (InsufficientCapacityException full) {
        checkRunning();
        LockSupport.parkNanos(1_000);
      }
    }
  }

  private void checkRunning() {
    SteleException f = failure;
    if (f != null) {
      throw f;
    }
  }

  /**
   * Waits until every submitted command is durable and applied, stops both threads and closes the
   * journal. The engine may be read after this. Throws {@code exchange.halted} if a thread failed:
   * then not everything submitted was journaled or applied.
   */
  @Override
  public void close() {
    // Disruptor.shutdown counts only consumers whose thread is already running: on a busy machine
    // a consumer may not have started yet, and would then be halted before it saw anything. So
    // wait for everything submitted to be replied (or for a failure) first.
    while (gate.replied() < nextSequence - 1 && failure == null) {
      LockSupport.parkNanos(100_000);
    }
    while (true) {
      try {
        disruptor.shutdown(50, TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException e) {
        if (failure != null) {
          disruptor.halt();
          break;
        }
      }
    }
    if (failure != null) {
      closeJournalQuietly();
      throw failure;
    }
    if (journal != null) {
      journal.close();
      writeDurableSnapshots();
    }
  }

  private void closeJournalQuietly() {
    if (journal == null) {
      return;
    }
    try {
      journal.close();
    } catch (UncheckedIOException e) {
      failure.addSuppressed(e);
    }
  }

  // A snapshot ahead of the durable journal would, after a crash, skip commands the journal lacks
  // and leave a gap in its sequence numbers: a dump waits until the journal has caught up with it.
  private void writeDurableSnapshots() {
    for (Snapshots.Snapshot s = pendingSnapshots.peek();
        s != null && s.sequence() <= gate.durable();
        s = pendingSnapshots.peek()) {
      pendingSnapshots.poll();
      Snapshots.write(dir, s.sequence(), s.dump());
      Snapshots.prune(dir, s.sequence());
    }
  }

  /** The engine; only safe to read after {@link #close()}. */
  public Engine engine() {
    return engine;
  }
}

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
 * <p>The business thread waits with a phased back-off (spin briefly, then yield, then park in short
 * sleeps); the journal thread only parks ({@link ConsumerWait}). A pure busy spin would be lower
 * latency on dedicated cores but burns a core of a shared machine even when idle.
 */
public final class ExchangePipeline implements AutoCloseable {
  /** Told that every command up to {@code sequence} has passed a stage of the pipeline. */
  @FunctionalInterface
  public interface Acknowledger {
    void acknowledged(long sequence);
  }

  private static final class Slot {
    final Command command = new Command();
  }

  private final Engine engine;
  private final JournalWriter journal;
  private final Disruptor<Slot> disruptor;
  private final RingBuffer<Slot> ring;
  private final int ringSize;
  private final long snapshotEvery;
  private final Acknowledger replies;
  private long nextSequence;
  private long sinceSnapshot;
  private volatile SteleException failure;
  private volatile long applied;
  private volatile long durable;
  private volatile long replied;
  private final Object replyLock = new Object();
  private final Queue<Snapshots.Snapshot> pendingSnapshots = new ConcurrentLinkedQueue<>();
  private final Path dir;

  private ExchangePipeline(
      Path dir,
      Recovery.Recovered recovered,
      EventSink events,
      Acknowledger appliedAck,
      Acknowledger replies,
      int ringSize,
      long snapshotEvery) {
    this.dir = dir;
    this.engine = recovered.engine();
    this.nextSequence = recovered.sequence() + 1;
    this.applied = recovered.sequence();
    this.durable = recovered.sequence();
    this.replied = recovered.sequence();
    this.replies = replies;
    this.snapshotEvery = snapshotEvery;
    this.ringSize = ringSize;
    this.journal =
        new JournalWriter(dir.resolve(Recovery.JOURNAL), recovered.journal().validBytes(), 1 << 20);
    ConsumerWait wait = new ConsumerWait();
    this.disruptor =
        new Disruptor<>(
            Slot::new, ringSize, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE, wait);
    EventHandler<Slot> journaling =
        new EventHandler<>() {
          @Override
          public void onStart() {
            wait.parkOnThisThread();
          }

          @Override
          public void onEvent(Slot slot, long seq, boolean endOfBatch) {
            journal.append(slot.command);
            if (endOfBatch) {
              journal.commit();
              durable = slot.command.sequence;
              release();
              writeDurableSnapshots();
            }
          }
        };
    EventHandler<Slot> business =
        (slot, seq, endOfBatch) -> {
          engine.apply(slot.command, events);
          if (++sinceSnapshot >= snapshotEvery) {
            sinceSnapshot = 0;
            // Only the dump is taken here; the journal thread writes and forces the file.
            pendingSnapshots.add(
                new Snapshots.Snapshot(slot.command.sequence, StateDump.write(engine)));
          }
          if (endOfBatch) {
            applied = slot.command.sequence;
            appliedAck.acknowledged(slot.command.sequence);
            release();
          }
        };
    disruptor.handleEventsWith(journaling, business);
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
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return new ExchangePipeline(
        dir, Recovery.recover(dir), events, applied, replies, ringSize, snapshotEvery);
  }

  // Called by the journal and the business thread: whichever passes a sequence last releases it.
  private void release() {
    synchronized (replyLock) {
      long both = Math.min(durable, applied);
      if (both > replied) {
        replied = both;
        replies.acknowledged(both);
      }
    }
  }

  /** The sequence the next submitted command will get. */
  public long nextSequence() {
    return nextSequence;
  }

  /** The last sequence that is both durable and applied (replies are released up to it). */
  public long repliedSequence() {
    return replied;
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
    for (int spins = 0; replied < sequence; spins++) {
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
    while (replied < nextSequence - 1 && failure == null) {
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
    journal.close();
    writeDurableSnapshots();
  }

  private void closeJournalQuietly() {
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
        s != null && s.sequence() <= durable;
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

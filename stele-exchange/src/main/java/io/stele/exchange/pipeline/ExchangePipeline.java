package io.stele.exchange.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The running exchange: two threads. The caller's thread (input) numbers each batch of commands,
 * appends it to the journal and forces it to disk with one fsync, then publishes it into a
 * Disruptor ring. One business thread takes commands off the ring, applies them to the engine,
 * reports events, acknowledges each batch once it is applied, and dumps the engine state every
 * {@code snapshotEvery} commands; the input thread writes that snapshot at its next submit (or on
 * close) and keeps only the newest two. A command is therefore durable before any of its effects
 * can be seen, and the business thread never waits for a disk.
 *
 * <p>The business thread waits with a phased back-off: it spins briefly, then yields, then parks in
 * short sleeps. A pure busy spin would be lower latency on dedicated cores but burns one of the two
 * cores of a shared machine even when idle; the spin phase keeps a busy stream fast.
 */
public final class ExchangePipeline implements AutoCloseable {
  /** Told, on the business thread, that every command up to {@code sequence} has been applied. */
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
  private long nextSequence;
  private long sinceSnapshot;
  private volatile SteleException failure;
  private volatile long applied;
  private final AtomicReference<Snapshots.Snapshot> pendingSnapshot = new AtomicReference<>();
  private final Path dir;

  private ExchangePipeline(
      Path dir,
      Recovery.Recovered recovered,
      EventSink events,
      Acknowledger ack,
      int ringSize,
      long snapshotEvery) {
    this.dir = dir;
    this.engine = recovered.engine();
    this.nextSequence = recovered.sequence() + 1;
    this.applied = recovered.sequence();
    this.snapshotEvery = snapshotEvery;
    this.ringSize = ringSize;
    this.journal =
        new JournalWriter(dir.resolve(Recovery.JOURNAL), recovered.journal().validBytes(), 1 << 20);
    this.disruptor =
        new Disruptor<>(
            Slot::new,
            ringSize,
            DaemonThreadFactory.INSTANCE,
            ProducerType.SINGLE,
            PhasedBackoffWaitStrategy.withSleep(50, 500, TimeUnit.MICROSECONDS));
    EventHandler<Slot> business =
        (slot, seq, endOfBatch) -> {
          engine.apply(slot.command, events);
          if (++sinceSnapshot >= snapshotEvery) {
            sinceSnapshot = 0;
            // Only the dump is taken here; the input thread writes and forces the file.
            pendingSnapshot.set(
                new Snapshots.Snapshot(slot.command.sequence, StateDump.write(engine)));
          }
          if (endOfBatch) {
            applied = slot.command.sequence;
            ack.acknowledged(slot.command.sequence);
          }
        };
    disruptor.handleEventsWith(business);
    disruptor.setDefaultExceptionHandler(
        new ExceptionHandler<>() {
          @Override
          public void handleEventException(Throwable ex, long seq, Slot slot) {
            // The engine may be half way through a command: stop rather than go on from there.
            failure =
                new SteleException(
                    "exchange.halted",
                    "the business thread stopped at sequence " + slot.command.sequence + ": " + ex,
                    ex);
            throw failure;
          }

          @Override
          public void handleOnStartException(Throwable ex) {
            failure =
                new SteleException("exchange.halted", "the business thread did not start", ex);
          }

          @Override
          public void handleOnShutdownException(Throwable ex) {}
        });
    this.ring = disruptor.start();
  }

  /**
   * Recovers the state in {@code dir} (snapshot plus journal, torn tail cut off) and starts the
   * business thread. {@code ringSize} must be a power of two.
   */
  public static ExchangePipeline open(
      Path dir, EventSink events, Acknowledger ack, int ringSize, long snapshotEvery) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return new ExchangePipeline(dir, Recovery.recover(dir), events, ack, ringSize, snapshotEvery);
  }

  /** The sequence the next submitted command will get. */
  public long nextSequence() {
    return nextSequence;
  }

  /**
   * Journals {@code count} commands with one fsync, then hands them to the business thread. Call
   * from one thread only. Sequence numbers are written into the given commands.
   */
  public void submit(Command[] batch, int count) {
    checkRunning();
    writePendingSnapshot();
    for (int i = 0; i < count; i++) {
      batch[i].sequence = nextSequence++;
      journal.append(batch[i]);
    }
    journal.commit();
    for (int from = 0; from < count; ) {
      int n = Math.min(count - from, ringSize);
      long hi = claim(n);
      long lo = hi - n + 1;
      for (long s = lo; s <= hi; s++) {
        ring.get(s).command.copyFrom(batch[from++]);
      }
      ring.publish(lo, hi);
    }
  }

  // Like ring.next(n), but gives up if the business thread has stopped and will never free room.
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
   * Waits until every submitted command is applied, stops the business thread and closes the
   * journal. The engine may be read after this. Throws {@code exchange.halted} if the business
   * thread failed: everything submitted is journaled, but not everything was applied.
   */
  @Override
  public void close() {
    // Disruptor.shutdown counts only consumers whose thread is already running: on a busy machine
    // the business thread may not have started yet, and would then be halted before it applied
    // anything. So wait for it to have applied everything submitted (or to have failed) first.
    while (applied < nextSequence - 1 && failure == null) {
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
    journal.close();
    checkRunning();
    writePendingSnapshot();
  }

  private void writePendingSnapshot() {
    Snapshots.Snapshot s = pendingSnapshot.getAndSet(null);
    if (s != null) {
      Snapshots.write(dir, s.sequence(), s.dump());
      Snapshots.prune(dir, s.sequence());
    }
  }

  /** The engine; only safe to read after {@link #close()}. */
  public Engine engine() {
    return engine;
  }
}

package io.stele.exchange.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;

/**
 * How the ring's two consumers wait for commands. The business thread waits as its {@link
 * ExchangePipeline.Idle} says: spin briefly, then yield, then block until a publisher signals (a
 * busy stream stays fast, an idle one costs no CPU), or spin without end (lowest latency, a whole
 * core). The journal thread blocks at once: each batch costs it an fsync of a millisecond or so
 * anyway, so a few tens of microseconds of waking up are lost in it, and on a 2-core machine a
 * third spinning thread (after the input and the business thread) would take CPU from the engine. A
 * thread blocks at once if it called {@link #blockOnThisThread()} (the journal handler does, in its
 * {@code onStart}).
 *
 * <p>Blocking, not sleeping in short parks: a venue waiting for orders used to wake both threads
 * every 50 to 60 µs, a quarter of a core each on a devnet witness that had nothing to do. Blocking
 * costs every publish a signal (an uncontended lock), so a pipeline where no thread ever blocks (a
 * spinning business thread and no journal) sends none.
 */
final class ConsumerWait implements WaitStrategy {
  private final ExchangePipeline.Idle business;
  private final boolean anyoneBlocks;
  private final WaitStrategy blocking = new BlockingWaitStrategy();
  private final WaitStrategy backOff =
      new PhasedBackoffWaitStrategy(50, 500, TimeUnit.MICROSECONDS, blocking);
  private final ThreadLocal<Boolean> blocksAtOnce = ThreadLocal.withInitial(() -> false);

  ConsumerWait(ExchangePipeline.Idle business, boolean journaled) {
    this.business = business;
    this.anyoneBlocks = journaled || business != ExchangePipeline.Idle.BUSY_SPIN;
  }

  void blockOnThisThread() {
    blocksAtOnce.set(true);
  }

  @Override
  public long waitFor(
      long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
      throws AlertException, InterruptedException, TimeoutException {
    if (blocksAtOnce.get()) {
      return blocking.waitFor(sequence, cursor, dependentSequence, barrier);
    }
    if (business == ExchangePipeline.Idle.BUSY_SPIN) {
      return spin(sequence, dependentSequence, barrier);
    }
    return backOff.waitFor(sequence, cursor, dependentSequence, barrier);
  }

  private static long spin(long sequence, Sequence dependentSequence, SequenceBarrier barrier)
      throws AlertException {
    long available;
    while ((available = dependentSequence.get()) < sequence) {
      barrier.checkAlert();
      Thread.onSpinWait();
    }
    return available;
  }

  @Override
  public void signalAllWhenBlocking() {
    if (anyoneBlocks) {
      blocking.signalAllWhenBlocking();
    }
  }
}

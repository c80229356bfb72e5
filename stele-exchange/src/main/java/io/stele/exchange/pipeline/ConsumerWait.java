package io.stele.exchange.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How the ring's two consumers wait for commands. The business thread waits as its {@link
 * ExchangePipeline.Idle} says: spin briefly, then yield, then park in short sleeps (a busy stream
 * stays fast, an idle one frees the core), or spin without end (lowest latency, a whole core). The
 * journal thread only parks: each batch costs it an fsync of a millisecond or so anyway, so a few
 * tens of microseconds of waking up are lost in it, and on a 2-core machine a third spinning thread
 * (after the input and the business thread) would take CPU from the engine. A thread parks if it
 * called {@link #parkOnThisThread()} (the journal handler does, in its {@code onStart}).
 */
final class ConsumerWait implements WaitStrategy {
  private static final long PARK_NANOS = 50_000;

  private final ExchangePipeline.Idle business;
  private final WaitStrategy backOff =
      PhasedBackoffWaitStrategy.withSleep(50, 500, TimeUnit.MICROSECONDS);
  private final ThreadLocal<Boolean> parks = ThreadLocal.withInitial(() -> false);

  ConsumerWait(ExchangePipeline.Idle business) {
    this.business = business;
  }

  void parkOnThisThread() {
    parks.set(true);
  }

  @Override
  public long waitFor(
      long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
      throws AlertException, InterruptedException, TimeoutException {
    if (parks.get()) {
      return poll(sequence, dependentSequence, barrier, PARK_NANOS);
    }
    if (business == ExchangePipeline.Idle.BUSY_SPIN) {
      return poll(sequence, dependentSequence, barrier, 0);
    }
    return backOff.waitFor(sequence, cursor, dependentSequence, barrier);
  }

  // Checks until the sequence is there; between checks parks for parkNanos, or spins if 0.
  private static long poll(
      long sequence, Sequence dependentSequence, SequenceBarrier barrier, long parkNanos)
      throws AlertException {
    long available;
    while ((available = dependentSequence.get()) < sequence) {
      barrier.checkAlert();
      if (parkNanos > 0) {
        LockSupport.parkNanos(parkNanos);
      } else {
        Thread.onSpinWait();
      }
    }
    return available;
  }

  @Override
  public void signalAllWhenBlocking() {
    backOff.signalAllWhenBlocking();
  }
}

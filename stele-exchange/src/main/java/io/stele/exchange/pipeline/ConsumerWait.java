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
 * How the ring's two consumers wait for commands. The business thread spins briefly, then yields,
 * then parks in short sleeps: spinning keeps a busy stream fast. The journal thread only parks:
 * each batch costs it an fsync of a millisecond or so anyway, so a few tens of microseconds of
 * waking up are lost in it, and on a 2-core machine a third spinning thread (after the input and
 * the business thread) would take CPU from the engine. A thread parks if it called {@link
 * #parkOnThisThread()} (the journal handler does, in its {@code onStart}).
 */
final class ConsumerWait implements WaitStrategy {
  private static final long PARK_NANOS = 50_000;

  private final WaitStrategy spinning =
      PhasedBackoffWaitStrategy.withSleep(50, 500, TimeUnit.MICROSECONDS);
  private final ThreadLocal<Boolean> parks = ThreadLocal.withInitial(() -> false);

  void parkOnThisThread() {
    parks.set(true);
  }

  @Override
  public long waitFor(
      long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
      throws AlertException, InterruptedException, TimeoutException {
    if (!parks.get()) {
      return spinning.waitFor(sequence, cursor, dependentSequence, barrier);
    }
    long available;
    while ((available = dependentSequence.get()) < sequence) {
      barrier.checkAlert();
      LockSupport.parkNanos(PARK_NANOS);
    }
    return available;
  }

  @Override
  public void signalAllWhenBlocking() {
    spinning.signalAllWhenBlocking();
  }
}

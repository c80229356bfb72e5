package io.stele.net.tcp;

import io.netty.util.concurrent.EventExecutor;
import io.stele.core.clock.Clock;
import io.stele.net.Scheduled;
import io.stele.net.Scheduler;
import java.util.concurrent.TimeUnit;

/** Real-time timers on one Netty executor: the transport's inbound thread. */
public final class EventLoopScheduler implements Scheduler {
  private final EventExecutor executor;
  private final Clock clock;

  public EventLoopScheduler(EventExecutor executor, Clock clock) {
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public long millis() {
    return clock.millis();
  }

  @Override
  public Scheduled schedule(long delayMillis, Runnable task) {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("delay must not be negative: " + delayMillis);
    }
    var future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }
}

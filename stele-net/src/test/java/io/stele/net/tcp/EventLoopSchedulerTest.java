package io.stele.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.stele.core.clock.ManualClock;
import io.stele.net.Scheduled;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopSchedulerTest {

  @Test
  void cancelledTimerNeverRunsAndOthersRunInOrderOnTheLoop() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      EventLoopScheduler scheduler = new EventLoopScheduler(loop, new ManualClock(42));
      List<String> ran = new CopyOnWriteArrayList<>();
      List<Boolean> onLoop = new CopyOnWriteArrayList<>();
      CountDownLatch last = new CountDownLatch(1);
      // Scheduled from a task on the loop itself: none of them can run, whatever the wall clock
      // does, before all are scheduled and one is cancelled.
      loop.execute(
          () -> {
            scheduler.schedule(0, () -> ran.add("first"));
            Scheduled cancelled = scheduler.schedule(0, () -> ran.add("cancelled"));
            scheduler.schedule(
                0,
                () -> {
                  ran.add("second");
                  onLoop.add(loop.inEventLoop());
                  last.countDown();
                });
            cancelled.cancel();
          });

      assertThat(last.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("first", "second");
      assertThat(onLoop).containsExactly(true);
      assertThat(scheduler.millis()).isEqualTo(42);
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}

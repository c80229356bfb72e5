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
  void cancelledTimerNeverRunsAndOthersRunInDeadlineOrder() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      EventLoopScheduler scheduler = new EventLoopScheduler(loop, new ManualClock(42));
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch last = new CountDownLatch(1);
      scheduler.schedule(
          60,
          () -> {
            ran.add("third");
            last.countDown();
          });
      Scheduled cancelled = scheduler.schedule(30, () -> ran.add("cancelled"));
      scheduler.schedule(20, () -> ran.add("second"));
      scheduler.schedule(0, () -> ran.add("first"));
      cancelled.cancel();

      assertThat(last.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("first", "second", "third");
      assertThat(scheduler.millis()).isEqualTo(42);
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}

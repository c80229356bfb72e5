package io.stele.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboxTest {

  @Test
  void aStuckConsumerOverflowsOnceAndPublishersNeverWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstTaken = new CountDownLatch(1);
    List<String> sent = new CopyOnWriteArrayList<>();
    AtomicInteger overflows = new AtomicInteger();
    Outbox outbox =
        new Outbox(
            3,
            message -> {
              firstTaken.countDown();
              await(release);
              sent.add(message);
            },
            overflows::incrementAndGet);
    outbox.start("test-outbox");

    outbox.offer("m0");
    assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 3; i++) {
      outbox.offer("m" + i);
    }
    assertThat(overflows).hasValue(0);
    outbox.offer("m4");
    outbox.offer("m5");
    assertThat(overflows).hasValue(1);

    release.countDown();
    for (int i = 0; i < 500 && sent.size() < 4; i++) {
      Thread.sleep(10);
    }
    outbox.stop();
    assertThat(sent).containsExactly("m0", "m1", "m2", "m3");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on the sequencer log: concurrent appenders each wait for a force covering their own
 * record, every record is in the file in append order, and a position past the end is refused.
 */
class SequencerLogGroupCommitTest {
  @TempDir Path dir;

  @Test
  void concurrentAppendersAllReturnAndEveryRecordIsReadBackInAppendOrder() throws Exception {
    Path file = dir.resolve("log");
    int threads = 8;
    int each = 50;
    List<Long> order = new ArrayList<>();
    ConcurrentHashMap<Long, Boolean> acknowledged = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    try (SequencerLog log = SequencerLog.open(file)) {
      List<Thread> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long base = t * 1_000L;
        running.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        start.await();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      for (int i = 0; i < each; i++) {
                        long time = base + i;
                        long end;
                        synchronized (order) {
                          end = log.append(SequencerLog.Kind.SEAL, time, new byte[0]);
                          order.add(time);
                        }
                        log.force(end);
                        acknowledged.put(time, true);
                      }
                    }));
      }
      start.countDown();
      for (Thread t : running) {
        t.join();
      }
      // A seal record is 8 bytes of framing, a kind byte and an 8-byte clock reading.
      assertThat(log.end()).isEqualTo(threads * each * 17L);
      assertThat(Files.size(file)).isEqualTo(log.end());
    }
    assertThat(acknowledged).hasSize(threads * each);
    try (SequencerLog reopened = SequencerLog.open(file)) {
      assertThat(reopened.takeEntries())
          .extracting(SequencerLog.Entry::time)
          .containsExactlyElementsOf(order);
    }
  }

  @Test
  void aPositionPastTheEndIsRefused() {
    try (SequencerLog log = SequencerLog.open(dir.resolve("log"))) {
      long end = log.append(SequencerLog.Kind.SEAL, 1, new byte[0]);
      log.force(end);
      assertThatThrownBy(() -> log.force(end + 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("past the log's end");
    }
  }
}

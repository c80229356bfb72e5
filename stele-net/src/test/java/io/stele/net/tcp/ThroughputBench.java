package io.stele.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SecureRng;
import io.stele.core.random.SeededRng;
import io.stele.net.Message;
import io.stele.net.SendResult;
import io.stele.net.Verdict;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A rough figure for direct messages per second between two transports on 127.0.0.1. Off by
 * default: {@code ./mvnw -pl stele-net test -Dtest=ThroughputBench -Dstele.net.bench=true}.
 */
@EnabledIfSystemProperty(named = "stele.net.bench", matches = "true")
class ThroughputBench {
  private static final int MESSAGES = Integer.getInteger("stele.net.bench.messages", 200_000);
  private static final int BODY = Integer.getInteger("stele.net.bench.body", 256);

  @Test
  void directMessagesPerSecond() throws Exception {
    SeededRng keys = new SeededRng(1);
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    AtomicLong received = new AtomicLong();
    try (NettyTransport ta =
            NettyTransport.start(
                TcpConfig.of((byte) 'T', any), a, new SecureRng(), new SystemClock());
        NettyTransport tb =
            NettyTransport.start(
                TcpConfig.of((byte) 'T', any), b, new SecureRng(), new SystemClock())) {
      tb.setHandler(
          (from, message, gossip) -> {
            received.incrementAndGet();
            return Verdict.ACCEPT;
          });
      ta.setHandler((from, message, gossip) -> Verdict.ACCEPT);
      ta.connect(tb.localAddress());
      Await.until("connected", () -> ta.peers().contains(b.publicKey()));

      Message message = Message.of(1, new byte[BODY]);
      long refused = 0;
      long start = System.nanoTime();
      for (int sent = 0; sent < MESSAGES; ) {
        if (ta.send(b.publicKey(), message) == SendResult.QUEUED) {
          sent++;
        } else {
          refused++;
          Thread.onSpinWait();
        }
      }
      Await.until("all received", () -> received.get() == MESSAGES);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%d messages of %d bytes in %.2f s: %.0f msg/s (%d sends refused with QUEUE_FULL)%n",
          MESSAGES, BODY + 1, seconds, MESSAGES / seconds, refused);
      assertThat(received.get()).isEqualTo(MESSAGES);
    }
  }
}

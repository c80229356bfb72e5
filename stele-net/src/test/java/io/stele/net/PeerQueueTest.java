package io.stele.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PeerQueueTest {
  private final TransportLimits limits = new TransportLimits(100, 3, 200, 16);

  @Test
  void refusesBeyondEitherLimitAndTakesAgainOnceDrained() {
    PeerQueue queue = new PeerQueue(limits);
    assertThat(queue.offer(100)).isTrue();
    assertThat(queue.offer(100)).isTrue();
    assertThat(queue.offer(1)).as("200 bytes reached").isFalse();
    queue.remove(100);
    assertThat(queue.offer(10)).isTrue();
    assertThat(queue.offer(10)).isTrue();
    assertThat(queue.offer(1)).as("three messages reached").isFalse();
    assertThat(queue.full()).isTrue();
    assertThat(queue.messages()).isEqualTo(3);
    assertThat(queue.bytes()).isEqualTo(120);
  }

  @Test
  void resumesOnlyAtHalf() {
    PeerQueue queue = new PeerQueue(limits);
    queue.add(150);
    queue.add(40);
    assertThat(queue.belowHalf()).isFalse();
    queue.remove(150);
    assertThat(queue.belowHalf()).isTrue();
  }

  @Property
  void acceptedMessagesNeverExceedTheLimits(
      @ForAll List<@IntRange(min = 1, max = 100) Integer> sizes) {
    PeerQueue queue = new PeerQueue(limits);
    for (int size : sizes) {
      queue.offer(size);
      assertThat(queue.messages()).isLessThanOrEqualTo(3);
      assertThat(queue.bytes()).isLessThanOrEqualTo(200);
    }
  }
}

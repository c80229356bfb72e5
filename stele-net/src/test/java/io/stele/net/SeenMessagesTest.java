package io.stele.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SeenMessagesTest {
  private static Bytes id(int n) {
    return Bytes.wrap(new byte[] {(byte) n});
  }

  @Test
  void theLeastRecentlySeenIdIsForgottenFirst() {
    SeenMessages seen = new SeenMessages(3);
    assertThat(seen.add(id(1))).isTrue();
    assertThat(seen.add(id(2))).isTrue();
    assertThat(seen.add(id(3))).isTrue();
    assertThat(seen.add(id(1))).as("seen again, now the most recent").isFalse();
    assertThat(seen.add(id(4))).isTrue();

    assertThat(seen.contains(id(2))).isFalse();
    assertThat(seen.contains(id(1))).isTrue();
    assertThat(seen.contains(id(3))).isTrue();
    assertThat(seen.contains(id(4))).isTrue();
    assertThat(seen.add(id(2))).as("forgotten, so new again").isTrue();
  }

  @Property
  void neverHoldsMoreThanItsCapacity(
      @ForAll @IntRange(min = 1, max = 20) int capacity,
      @ForAll List<@IntRange(max = 50) Integer> ids) {
    SeenMessages seen = new SeenMessages(capacity);
    for (int n : ids) {
      seen.add(id(n));
      assertThat(seen.size()).isLessThanOrEqualTo(capacity);
    }
  }

  @Property
  void anIdJustAddedIsKnown(@ForAll List<@IntRange(max = 50) Integer> ids) {
    SeenMessages seen = new SeenMessages(4);
    for (int n : ids) {
      boolean known = seen.contains(id(n));
      assertThat(seen.add(id(n))).isEqualTo(!known);
      assertThat(seen.contains(id(n))).isTrue();
    }
  }
}

package io.stele.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CountdownTest {
  // t_w = 1000 ms, t_o = 3000 ms throughout; expected values worked out by hand.
  private final Countdown countdown = new Countdown(1000, 3000);

  @Test
  void distanceCountsForwardAroundTheSet() {
    assertThat(Countdown.distance(3, 2, 5)).isEqualTo(1);
    assertThat(Countdown.distance(0, 2, 5)).isEqualTo(3);
    assertThat(Countdown.distance(2, 2, 5)).isEqualTo(0);
    assertThat(Countdown.distance(1, 4, 5)).isEqualTo(2);
    assertThat(Countdown.distance(4, 0, 5)).isEqualTo(4);
  }

  @Test
  void afterItsOwnBlockAWitnessWaitsForEveryoneElse() {
    // C = 5: (5 - 1) * 3000 = 12000, minus 500 elapsed.
    assertThat(countdown.waitMillis(2, 2, 5, 500)).isEqualTo(11_500);
    assertThat(countdown.waitMillis(2, 2, 5, 12_000)).isZero();
  }

  @Test
  void nextInLineWaitsTheMinimumInterval() {
    assertThat(countdown.waitMillis(2, 3, 5, 400)).isEqualTo(600);
    assertThat(countdown.waitMillis(4, 0, 5, 0)).isEqualTo(1000);
    assertThat(countdown.waitMillis(2, 3, 5, 1500)).isZero();
  }

  @Test
  void furtherWitnessesWaitOneTimeoutPerWitnessAhead() {
    // d = 3: (3 - 1) * 3000 = 6000, minus 1000 elapsed.
    assertThat(countdown.waitMillis(2, 0, 5, 1000)).isEqualTo(5000);
    // d = 2: 3000 - 3500 is below zero.
    assertThat(countdown.waitMillis(4, 1, 5, 3500)).isZero();
    // d = 4: 9000 - 2000.
    assertThat(countdown.waitMillis(0, 4, 5, 2000)).isEqualTo(7000);
  }

  @Test
  void aSingleWitnessWaitsTheMinimumInterval() {
    assertThat(countdown.waitMillis(0, 0, 1, 250)).isEqualTo(750);
  }

  @Property
  void waitsAreNeverNegativeAndShrinkAsTimePasses(
      @ForAll @IntRange(min = 1, max = 21) int count,
      @ForAll @IntRange(min = 0, max = 20) int head,
      @ForAll @IntRange(min = 0, max = 20) int me,
      @ForAll @LongRange(min = 0, max = 100_000) long elapsed,
      @ForAll @LongRange(min = 0, max = 100_000) long more) {
    int h = head % count;
    int m = me % count;
    long now = countdown.waitMillis(h, m, count, elapsed);
    long later = countdown.waitMillis(h, m, count, elapsed + more);
    assertThat(now).isNotNegative();
    assertThat(later).isEqualTo(Math.max(0, now - more));
  }

  @Property
  void fartherWitnessesNeverWaitLess(
      @ForAll @IntRange(min = 3, max = 21) int count,
      @ForAll @IntRange(min = 1, max = 19) int distance,
      @ForAll @LongRange(min = 0, max = 100_000) long elapsed) {
    int d = 1 + (distance - 1) % (count - 2);
    long near = countdown.waitMillis(0, d, count, elapsed);
    long far = countdown.waitMillis(0, d + 1, count, elapsed);
    assertThat(far).isGreaterThanOrEqualTo(near);
  }
}

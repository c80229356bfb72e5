package io.stele.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class QuorumTest {

  @Test
  void thresholdIsMoreThanTwoThirds() {
    int[][] expected = {{1, 1}, {2, 2}, {3, 3}, {4, 3}, {5, 4}, {6, 5}, {7, 5}, {10, 7}, {21, 15}};
    for (int[] row : expected) {
      assertThat(Quorum.threshold(row[0])).as("C=" + row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void faultsToleratedAreBelowOneThird() {
    int[][] expected = {{1, 0}, {3, 0}, {4, 1}, {6, 1}, {7, 2}, {21, 6}};
    for (int[] row : expected) {
      assertThat(Quorum.maxFaulty(row[0])).as("C=" + row[0]).isEqualTo(row[1]);
    }
  }

  @Property
  void twoQuorumsShareAnHonestWitnessAndHonestWitnessesFormOne(
      @ForAll @IntRange(min = 1, max = 21) int count) {
    int q = Quorum.threshold(count);
    int f = Quorum.maxFaulty(count);
    // Two quorums overlap in at least 2q - C witnesses: more than a third, so more than f.
    assertThat(3 * (2 * q - count)).isGreaterThan(count);
    assertThat(2 * q - count).isGreaterThanOrEqualTo(f + 1);
    // The C - f witnesses that are not faulty can still finalize on their own.
    assertThat(q).isLessThanOrEqualTo(count - f);
  }

  @Test
  void theCeilingOfTwoThirdsLetsTwoQuorumsOfThreeShareOnlyOneWitness() {
    int ceiling = (2 * 3 + 2) / 3;
    assertThat(2 * ceiling - 3).isEqualTo(1);
    assertThat(2 * Quorum.threshold(3) - 3).isEqualTo(3);
  }
}

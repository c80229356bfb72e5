package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ShamirTest {

  /** Shift-and-add multiplication modulo 0x11b, written independently of the table version. */
  private static int slowMul(int a, int b) {
    int product = 0;
    for (int i = 0; i < 8; i++) {
      if ((b & 1) != 0) {
        product ^= a;
      }
      boolean carry = (a & 0x80) != 0;
      a = (a << 1) & 0xFF;
      if (carry) {
        a ^= 0x1b;
      }
      b >>= 1;
    }
    return product;
  }

  private static int slowInverse(int a) {
    int result = 1;
    for (int i = 0; i < 254; i++) {
      result = slowMul(result, a);
    }
    return result;
  }

  @Test
  void fieldMultiplicationMatchesFips197Examples() {
    // FIPS-197 section 4.2 and 4.2.1.
    assertThat(Gf256.mul(0x57, 0x83)).isEqualTo(0xc1);
    assertThat(Gf256.mul(0x57, 0x13)).isEqualTo(0xfe);
  }

  @Property
  void fieldMultiplicationAgreesWithShiftAndAdd(
      @ForAll @IntRange(max = 255) int a, @ForAll @IntRange(max = 255) int b) {
    assertThat(Gf256.mul(a, b)).isEqualTo(slowMul(a, b));
    if (b != 0) {
      assertThat(Gf256.div(a, b)).isEqualTo(slowMul(a, slowInverse(b)));
    }
  }

  @Test
  void combineInterpolatesAHandComputedLine() {
    // f(x) = 0x2a + 0x07 x: shares at x = 2 and x = 5.
    KeyShare two = new KeyShare(2, Bytes.of(new byte[] {(byte) (0x2a ^ slowMul(0x07, 2))}));
    KeyShare five = new KeyShare(5, Bytes.of(new byte[] {(byte) (0x2a ^ slowMul(0x07, 5))}));
    assertThat(Shamir.combine(List.of(five, two))).containsExactly(0x2a);
  }

  @Property(tries = 200)
  void anyThresholdOfSharesRecoversTheSecret(
      @ForAll @Size(min = 1, max = 48) byte[] secret,
      @ForAll @IntRange(min = 1, max = 5) int threshold,
      @ForAll @IntRange(min = 0, max = 3) int extra,
      @ForAll long seed) {
    int count = threshold + extra;
    List<KeyShare> shares =
        new ArrayList<>(Shamir.split(secret, threshold, count, new SeededRng(seed)));
    Collections.shuffle(shares, new Random(seed));
    assertThat(Shamir.combine(shares.subList(0, threshold))).isEqualTo(secret);
  }

  /**
   * k - 1 shares pin nothing down: for any candidate secret there is a k-th share that completes
   * them into a valid sharing of exactly that candidate.
   */
  @Property(tries = 200)
  void fewerThanThresholdSharesAreConsistentWithEverySecret(
      @ForAll @Size(min = 1, max = 16) byte[] secret,
      @ForAll @Size(min = 16, max = 16) byte[] candidate,
      @ForAll @IntRange(min = 2, max = 5) int threshold,
      @ForAll long seed) {
    List<KeyShare> shares = Shamir.split(secret, threshold, threshold, new SeededRng(seed));
    List<KeyShare> known = shares.subList(0, threshold - 1);
    int forgedIndex = threshold;
    byte[] forged = new byte[secret.length];
    for (int b = 0; b < secret.length; b++) {
      // Lagrange through (0, candidate) and the known points, evaluated at forgedIndex.
      List<int[]> points = new ArrayList<>();
      points.add(new int[] {0, candidate[b] & 0xFF});
      for (KeyShare share : known) {
        points.add(new int[] {share.index(), share.value().get(b) & 0xFF});
      }
      int value = 0;
      for (int[] p : points) {
        int term = p[1];
        for (int[] q : points) {
          if (q != p) {
            term = slowMul(term, slowMul(forgedIndex ^ q[0], slowInverse(p[0] ^ q[0])));
          }
        }
        value ^= term;
      }
      forged[b] = (byte) value;
    }
    List<KeyShare> completed = new ArrayList<>(known);
    completed.add(new KeyShare(forgedIndex, Bytes.wrap(forged)));
    byte[] expected = Arrays.copyOf(candidate, secret.length);
    assertThat(Shamir.combine(completed)).isEqualTo(expected);
  }

  @Test
  void combineRefusesRepeatedAndMismatchedShares() {
    KeyShare one = new KeyShare(1, Bytes.of(new byte[] {1, 2}));
    assertThatThrownBy(() -> Shamir.combine(List.of(one, one)))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("given twice");
    assertThatThrownBy(
            () -> Shamir.combine(List.of(one, new KeyShare(2, Bytes.of(new byte[] {1})))))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("has 1 bytes");
  }
}

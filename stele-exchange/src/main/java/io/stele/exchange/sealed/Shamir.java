package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shamir secret sharing over GF(256), byte by byte: each secret byte is the constant term of its
 * own random polynomial of degree k - 1, and share i holds every polynomial's value at x = i. Any k
 * shares give the secret back by Lagrange interpolation at 0; fewer are consistent with every
 * secret.
 */
public final class Shamir {
  private Shamir() {}

  public static List<KeyShare> split(byte[] secret, int threshold, int count, Rng rng) {
    if (threshold < 1 || threshold > count || count > 255) {
      throw new IllegalArgumentException(
          "need 1 <= threshold <= count <= 255, got " + threshold + " of " + count);
    }
    byte[][] values = new byte[count][secret.length];
    byte[] coefficients = new byte[threshold - 1];
    for (int b = 0; b < secret.length; b++) {
      rng.nextBytes(coefficients);
      for (int s = 0; s < count; s++) {
        values[s][b] = (byte) evaluate(secret[b] & 0xFF, coefficients, s + 1);
      }
    }
    Arrays.fill(coefficients, (byte) 0);
    List<KeyShare> shares = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      shares.add(new KeyShare(s + 1, Bytes.wrap(values[s])));
    }
    return shares;
  }

  /** Horner's rule for constant + c[0] x + c[1] x^2 + ... */
  private static int evaluate(int constant, byte[] coefficients, int x) {
    int y = 0;
    for (int i = coefficients.length - 1; i >= 0; i--) {
      y = Gf256.mul(y, x) ^ (coefficients[i] & 0xFF);
    }
    return Gf256.mul(y, x) ^ constant;
  }

  /**
   * The secret the given shares interpolate to at x = 0. With at least the threshold of genuine
   * shares that is the dealt secret; callers check shares against their commitments first, since
   * interpolation cannot tell a forged share from a real one.
   */
  public static byte[] combine(List<KeyShare> shares) {
    if (shares.isEmpty()) {
      throw new SteleException("sealed.bad_share", "no shares to combine");
    }
    int length = shares.get(0).value().length();
    boolean[] seen = new boolean[256];
    int[] weights = new int[shares.size()];
    for (int i = 0; i < shares.size(); i++) {
      KeyShare share = shares.get(i);
      if (share.value().length() != length) {
        throw new SteleException(
            "sealed.bad_share",
            "share " + share.index() + " has " + share.value().length() + " bytes, not " + length);
      }
      if (seen[share.index()]) {
        throw new SteleException("sealed.bad_share", "share " + share.index() + " given twice");
      }
      seen[share.index()] = true;
      // Lagrange basis at 0: product over j != i of x_j / (x_j - x_i); minus is XOR here.
      int weight = 1;
      for (KeyShare other : shares) {
        if (other != share) {
          weight = Gf256.mul(weight, Gf256.div(other.index(), other.index() ^ share.index()));
        }
      }
      weights[i] = weight;
    }
    byte[] secret = new byte[length];
    for (int b = 0; b < length; b++) {
      int sum = 0;
      for (int i = 0; i < weights.length; i++) {
        sum ^= Gf256.mul(weights[i], shares.get(i).value().get(b) & 0xFF);
      }
      secret[b] = (byte) sum;
    }
    return secret;
  }
}

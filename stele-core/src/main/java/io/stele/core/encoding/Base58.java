package io.stele.core.encoding;

import io.stele.core.error.SteleException;
import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet, as LTO and Waves use it. Decoding is strict: any character
 * outside the alphabet, or a result longer than the caller's bound, is an error, so an attacker
 * cannot make us decode megabytes of text. The number is kept in 32-bit limbs and converted five
 * base58 digits (or three bytes) at a time, about twenty times fewer steps than digit by digit;
 * event chains store every body in base58, so this is on the replay path.
 */
public final class Base58 {
  private static final int[] INDEXES = new int[128];
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final long BASE5 = 656_356_768L; // 58^5
  private static final long[] POWERS = {
    1, 58, 58 * 58, 58 * 58 * 58, 58L * 58 * 58 * 58, 656_356_768L
  };

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEXES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    // n bytes need at most 1.366 n + 1 digits; each limb holds five.
    int[] limbs = new int[(int) ((input.length - zeros) * 1366L / 1000 / 5) + 2];
    int used = 0;
    for (int i = zeros; i < input.length; ) {
      int chunk = Math.min(3, input.length - i);
      long carry = 0;
      for (int k = 0; k < chunk; k++, i++) {
        carry = carry << 8 | (input[i] & 0xFF);
      }
      long multiplier = 1L << (8 * chunk);
      for (int j = 0; j < used; j++) {
        long product = limbs[j] * multiplier + carry;
        limbs[j] = (int) (product % BASE5);
        carry = product / BASE5;
      }
      while (carry != 0) {
        limbs[used++] = (int) (carry % BASE5);
        carry /= BASE5;
      }
    }
    StringBuilder text = new StringBuilder(zeros + used * 5);
    text.repeat('1', zeros);
    char[] digits = new char[5];
    for (int j = used - 1; j >= 0; j--) {
      int limb = limbs[j];
      for (int d = 4; d >= 0; d--) {
        digits[d] = ALPHABET.charAt(limb % 58);
        limb /= 58;
      }
      int from = 0;
      if (j == used - 1) {
        while (digits[from] == '1') {
          from++; // the top limb is never zero, so this stops within it
        }
      }
      text.append(digits, from, 5 - from);
    }
    return text.toString();
  }

  /**
   * Decodes {@code text}, refusing results longer than {@code maxBytes}.
   *
   * @throws SteleException {@code encoding.base58} on a bad character or an oversized value
   */
  public static byte[] decode(String text, int maxBytes) {
    int length = text.length();
    if (length > 2L * maxBytes + 1) {
      throw tooLong(maxBytes);
    }
    int zeros = 0;
    while (zeros < length && text.charAt(zeros) == '1') {
      zeros++;
    }
    // n base58 digits need at most 0.7322 n bytes.
    int[] limbs = new int[(int) ((length - zeros) * 733L / 1000 / 4) + 2];
    int used = 0;
    for (int i = zeros; i < length; ) {
      int chunk = Math.min(5, length - i);
      long carry = 0;
      for (int k = 0; k < chunk; k++, i++) {
        char c = text.charAt(i);
        int digit = c < 128 ? INDEXES[c] : -1;
        if (digit < 0) {
          throw new SteleException(
              "encoding.base58", "invalid base58 character '" + c + "' at position " + i);
        }
        carry = carry * 58 + digit;
      }
      long multiplier = POWERS[chunk];
      for (int j = 0; j < used; j++) {
        long product = (limbs[j] & 0xFFFF_FFFFL) * multiplier + carry;
        limbs[j] = (int) product;
        carry = product >>> 32;
      }
      if (carry != 0) {
        limbs[used++] = (int) carry;
      }
    }
    int significant = used * 4;
    while (significant > 0 && byteAt(limbs, significant - 1) == 0) {
      significant--;
    }
    if (zeros + significant > maxBytes) {
      throw tooLong(maxBytes);
    }
    byte[] out = new byte[zeros + significant];
    for (int b = 0; b < significant; b++) {
      out[out.length - 1 - b] = byteAt(limbs, b);
    }
    return out;
  }

  /** Byte {@code b} of the little-endian number in {@code limbs}. */
  private static byte byteAt(int[] limbs, int b) {
    return (byte) (limbs[b >>> 2] >>> ((b & 3) * 8));
  }

  private static SteleException tooLong(int maxBytes) {
    return new SteleException(
        "encoding.base58", "base58 value is longer than " + maxBytes + " bytes");
  }
}

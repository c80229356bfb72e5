package io.stele.core.encoding;

import io.stele.core.error.SteleException;
import java.util.Arrays;

/** Base58 digit by digit, the textbook way: the reference {@link Base58} is checked against. */
final class ReferenceBase58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private ReferenceBase58() {}

  static String encode(byte[] input) {
    if (input.length == 0) {
      return "";
    }
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    byte[] number = Arrays.copyOf(input, input.length);
    char[] encoded = new char[input.length * 2];
    int out = encoded.length;
    for (int start = zeros; start < number.length; ) {
      encoded[--out] = ALPHABET[divmod(number, start, 256, 58)];
      if (number[start] == 0) {
        start++;
      }
    }
    while (out < encoded.length && encoded[out] == ALPHABET[0]) {
      out++;
    }
    while (--zeros >= 0) {
      encoded[--out] = ALPHABET[0];
    }
    return new String(encoded, out, encoded.length - out);
  }

  /**
   * Decodes {@code text}, refusing results longer than {@code maxBytes}.
   *
   * @throws SteleException {@code encoding.base58} on a bad character or an oversized value
   */
  static byte[] decode(String text, int maxBytes) {
    if (text.isEmpty()) {
      return new byte[0];
    }
    // n bytes never need more than 2n+1 digits, so longer text is refused before any arithmetic.
    if (text.length() > 2L * maxBytes + 1) {
      throw new SteleException(
          "encoding.base58", "base58 value is longer than " + maxBytes + " bytes");
    }
    byte[] digits = new byte[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw new SteleException(
            "encoding.base58", "invalid base58 character '" + c + "' at position " + i);
      }
      digits[i] = (byte) digit;
    }
    int zeros = 0;
    while (zeros < digits.length && digits[zeros] == 0) {
      zeros++;
    }
    byte[] decoded = new byte[text.length()];
    int out = decoded.length;
    for (int start = zeros; start < digits.length; ) {
      decoded[--out] = (byte) divmod(digits, start, 58, 256);
      if (digits[start] == 0) {
        start++;
      }
    }
    while (out < decoded.length && decoded[out] == 0) {
      out++;
    }
    int length = zeros + decoded.length - out;
    if (length > maxBytes) {
      throw new SteleException(
          "encoding.base58", "base58 value is longer than " + maxBytes + " bytes");
    }
    byte[] result = new byte[length];
    System.arraycopy(decoded, out, result, zeros, decoded.length - out);
    return result;
  }

  /** Divides the big number in {@code number[start..]} (digits in {@code base}) in place. */
  private static int divmod(byte[] number, int start, int base, int divisor) {
    int remainder = 0;
    for (int i = start; i < number.length; i++) {
      int temp = remainder * base + (number[i] & 0xFF);
      number[i] = (byte) (temp / divisor);
      remainder = temp % divisor;
    }
    return remainder;
  }
}

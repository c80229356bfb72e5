package io.stele.exchange.replay;

import io.stele.core.error.SteleException;

/**
 * Decimal strings to and from minor units, exactly. {@code "12.50"} with 2 decimals is 1250; a
 * value with more significant fractional digits than the asset has is refused, never rounded.
 */
public final class Decimals {
  private static final int MAX_CHARS = 40;

  private Decimals() {}

  /** Parses a non-negative decimal ({@code digits[.digits]}) into minor units. */
  public static long parse(String text, int decimals, String field) {
    if (text.isEmpty() || text.length() > MAX_CHARS) {
      throw new SteleException(
          "amount.format",
          field + " must be 1 to " + MAX_CHARS + " characters, got \"" + text + "\"");
    }
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (!digits(whole) || (dot >= 0 && !digits(fraction))) {
      throw new SteleException(
          "amount.format", field + " \"" + text + "\" is not a plain decimal like 12.50");
    }
    int end = fraction.length();
    while (end > 0 && fraction.charAt(end - 1) == '0') {
      end--;
    }
    fraction = fraction.substring(0, end);
    if (fraction.length() > decimals) {
      throw new SteleException(
          "amount.precision",
          field + " \"" + text + "\" has more than " + decimals + " decimal places");
    }
    try {
      long value = 0;
      for (int i = 0; i < whole.length(); i++) {
        value = Math.addExact(Math.multiplyExact(value, 10), whole.charAt(i) - '0');
      }
      for (int i = 0; i < decimals; i++) {
        int digit = i < fraction.length() ? fraction.charAt(i) - '0' : 0;
        value = Math.addExact(Math.multiplyExact(value, 10), digit);
      }
      return value;
    } catch (ArithmeticException e) {
      throw new SteleException(
          "amount.range", field + " \"" + text + "\" does not fit in 63 bits of minor units");
    }
  }

  private static boolean digits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Formats minor units with exactly {@code decimals} fractional digits (none if 0). */
  public static String format(long minor, int decimals) {
    StringBuilder sb = new StringBuilder(24);
    if (minor < 0) {
      sb.append('-');
    }
    String digits = Long.toString(minor).replace("-", "");
    if (decimals == 0) {
      return sb.append(digits).toString();
    }
    if (digits.length() <= decimals) {
      digits = "0".repeat(decimals - digits.length() + 1) + digits;
    }
    int point = digits.length() - decimals;
    return sb.append(digits, 0, point)
        .append('.')
        .append(digits, point, digits.length())
        .toString();
  }
}

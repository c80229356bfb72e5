package io.stele.api.ledger;

import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import java.util.HexFormat;

/** Parses ids, hashes and numbers from paths, queries and bodies into typed values. */
final class Params {
  /** Ids are hashes; none is longer than this. */
  static final int MAX_ID_BYTES = 64;

  private static final int MAX_HEIGHT_DIGITS = 18;

  private Params() {}

  /** A block reference: all digits is a height, anything else a base58 block hash. */
  static boolean isHeight(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  static long height(String text) {
    if (text.length() > MAX_HEIGHT_DIGITS) {
      throw new SteleException("api.malformed", "block height " + text + " is out of range");
    }
    return Long.parseLong(text);
  }

  static Bytes id(String text, String what) {
    if (text.isEmpty()) {
      throw new SteleException("api.malformed", what + " is empty");
    }
    return Bytes.fromBase58(text, MAX_ID_BYTES);
  }

  /** A hash to anchor or look up, in {@code base58} or {@code hex}, 1 to 64 bytes. */
  static Bytes hash(String text, String encoding) {
    Bytes hash =
        switch (encoding) {
          case "base58" -> Bytes.fromBase58(text, Anchorer.MAX_HASH_LENGTH);
          case "hex" -> fromHex(text);
          default ->
              throw new SteleException(
                  "api.malformed", "encoding must be base58 or hex, not " + encoding);
        };
    if (hash.length() == 0) {
      throw new SteleException("api.malformed", "a hash is empty");
    }
    return hash;
  }

  private static Bytes fromHex(String text) {
    if (text.length() > 2 * Anchorer.MAX_HASH_LENGTH) {
      throw new SteleException(
          "api.malformed", "a hash is longer than " + Anchorer.MAX_HASH_LENGTH + " bytes");
    }
    try {
      return Bytes.wrap(HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException e) {
      throw new SteleException("api.malformed", "not a hex string: " + text);
    }
  }

  /** An optional non-negative integer query parameter, at most {@code max}. */
  static int boundedInt(String text, String name, int fallback, int min, int max) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new SteleException(
          "api.malformed", name + " must be an integer from " + min + " to " + max);
    }
  }
}

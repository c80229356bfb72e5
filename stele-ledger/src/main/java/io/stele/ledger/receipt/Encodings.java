package io.stele.ledger.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import java.util.Base64;

/**
 * Strict readers for the text encodings in a receipt: each accepts only the canonical spelling
 * (lower-case hex, padded base64, base58 that re-encodes identically), so no two different texts
 * stand for the same bytes and any changed character is a changed value.
 */
final class Encodings {
  private Encodings() {}

  static String text(JsonNode node, String what) {
    if (node == null || !node.isTextual()) {
      throw new SteleException("receipt.field", what + " is missing or not a string");
    }
    return node.asText();
  }

  static byte[] hex(JsonNode node, int maxBytes, String what) {
    String text = text(node, what);
    int length = text.length();
    if (length == 0 || length > 2 * maxBytes || length % 2 != 0) {
      throw new SteleException("receipt.encoding", what + " is not lower-case hex");
    }
    byte[] out = new byte[length / 2];
    for (int i = 0; i < out.length; i++) {
      int high = nibble(text.charAt(2 * i));
      int low = nibble(text.charAt(2 * i + 1));
      if ((high | low) < 0) {
        throw new SteleException("receipt.encoding", what + " is not lower-case hex");
      }
      out[i] = (byte) ((high << 4) | low);
    }
    return out;
  }

  private static int nibble(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  static byte[] base64(JsonNode node, int maxBytes, String what) {
    String text = text(node, what);
    if (text.length() > (maxBytes / 3 + 1) * 4) {
      throw new SteleException("receipt.encoding", what + " is too long");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new SteleException("receipt.encoding", what + " is not base64");
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw new SteleException("receipt.encoding", what + " is not canonical base64");
    }
    return bytes;
  }

  static Bytes base58(JsonNode node, int maxBytes, String what) {
    String text = text(node, what);
    Bytes bytes;
    try {
      bytes = Bytes.fromBase58(text, maxBytes);
    } catch (SteleException e) {
      throw new SteleException("receipt.encoding", what + " is not base58: " + e.getMessage());
    }
    if (!bytes.toBase58().equals(text)) {
      throw new SteleException("receipt.encoding", what + " is not canonical base58");
    }
    return bytes;
  }

  static long integer(JsonNode node, String what) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new SteleException("receipt.field", what + " is missing or not an integer");
    }
    return node.asLong();
  }
}

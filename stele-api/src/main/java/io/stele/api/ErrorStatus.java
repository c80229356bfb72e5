package io.stele.api;

import java.util.Set;

/**
 * The HTTP status for a rejection code. Codes are {@code area.reason}: an area of pure decoding
 * means the input could not be read (400); otherwise the reason says what kind of refusal it is. A
 * node that is closed or has failed is 503. Anything else was read fine and refused by the rules of
 * the ledger: 422.
 */
public final class ErrorStatus {
  private static final Set<String> DECODING_AREAS = Set.of("codec", "encoding", "address", "page");

  private ErrorStatus() {}

  public static int of(String code) {
    int dot = code.lastIndexOf('.');
    String area = code.substring(0, Math.max(dot, 0));
    if (DECODING_AREAS.contains(area)) {
      return 400;
    }
    if (area.equals("node") || area.equals("store")) {
      return 503;
    }
    return switch (code.substring(dot + 1)) {
      case "malformed", "bad_request" -> 400;
      case "not_found" -> 404;
      case "unsupported_media_type" -> 415;
      case "duplicate", "replay", "conflict", "already_known" -> 409;
      case "too_large" -> 413;
      case "full", "queue_full", "busy" -> 429;
      case "unavailable" -> 503;
      case "internal" -> 500;
      default -> 422;
    };
  }
}

package io.stele.exchange.venue;

import io.stele.core.clock.Clock;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Refuses a signed request that is stale or seen before. A request's {@code time} must lie within
 * the window around the venue's clock and not before the venue started (nothing is remembered
 * across a restart, so older requests could be replays); within the window each (key, nonce) is
 * accepted once. Memory is bounded by the requests of one window.
 */
public final class ReplayGuard {
  /** More requests than this within one window are refused rather than remembered. */
  static final int MAX_REMEMBERED = 1_000_000;

  private record Seen(PublicKey key, long nonce) {}

  private record Entry(long time, Seen seen) {}

  private final Clock clock;
  private final long window;
  private final long startedAt;
  private final Set<Seen> seen = new HashSet<>();
  private final ArrayDeque<Entry> byArrival = new ArrayDeque<>();

  public ReplayGuard(Clock clock, long windowMillis) {
    this.clock = clock;
    this.window = windowMillis;
    this.startedAt = clock.millis();
  }

  /** Accepts the request once, or throws {@code exchange.replay} / {@code exchange.expired}. */
  public synchronized void check(SignedRequest request) {
    long now = clock.millis();
    if (request.time() < startedAt) {
      throw new SteleException(
          "exchange.replay",
          "the request was signed at "
              + request.time()
              + ", before the venue started at "
              + startedAt
              + "; sign it again");
    }
    if (Math.abs(now - request.time()) > window) {
      throw new SteleException(
          "exchange.expired",
          "the request time "
              + request.time()
              + " is more than "
              + window
              + " ms from the venue's clock "
              + now);
    }
    // Entries leave in arrival order once they are older than twice the window, which is longer
    // than any accepted request time can be away from the clock.
    while (!byArrival.isEmpty() && byArrival.peekFirst().time() < now - 2 * window) {
      seen.remove(byArrival.pollFirst().seen());
    }
    Seen key = new Seen(request.key(), request.nonce());
    if (seen.contains(key)) {
      throw new SteleException(
          "exchange.replay",
          "nonce " + request.nonce() + " of key " + request.key() + " was already used");
    }
    if (seen.size() >= MAX_REMEMBERED) {
      throw new SteleException("exchange.busy", "too many requests in one window; retry shortly");
    }
    seen.add(key);
    byArrival.addLast(new Entry(now, key));
  }
}

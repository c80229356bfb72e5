package io.stele.net.tcp;

import io.stele.core.crypto.PublicKey;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * The reconnect state of one configured peer address. After a failure the next attempt waits twice
 * as long as the last, up to a maximum, with jitter so that restarted nodes do not all dial at
 * once. While the node at this address is connected some other way (it dialed us), the dialer is
 * parked instead of dialing a duplicate connection, and resumes when that connection ends.
 */
final class Dialer {
  final InetSocketAddress address;

  /** The key the node at this address must have, or null to accept any. */
  final PublicKey expected;

  private final long minMillis;
  private final long maxMillis;
  private long delay;
  private PublicKey lastKey;
  private boolean parked;

  Dialer(InetSocketAddress address, PublicKey expected, long minMillis, long maxMillis) {
    this.address = address;
    this.expected = expected;
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.delay = minMillis;
  }

  /** A handshake succeeded with {@code key}: the next failure starts from the shortest wait. */
  synchronized void connected(PublicKey key) {
    lastKey = key;
    delay = minMillis;
  }

  /**
   * The wait before the next attempt, in [delay/2, delay], the jitter taken from {@code random};
   * doubles the delay for the attempt after.
   */
  synchronized long nextDelay(long random) {
    long wait = delay / 2 + Math.floorMod(random, delay / 2 + 1);
    delay = Math.min(maxMillis, delay * 2);
    return wait;
  }

  /** Parks if the last node seen here is connected now; true if parked. */
  synchronized boolean parkIfConnected(Predicate<PublicKey> isConnected) {
    parked = lastKey != null && isConnected.test(lastKey);
    return parked;
  }

  /** Unparks if parked for {@code key}; true if the dialer should dial again. */
  synchronized boolean unpark(PublicKey key) {
    if (parked && key.equals(lastKey)) {
      parked = false;
      return true;
    }
    return false;
  }
}

package io.stele.net.sim;

/**
 * How one direction of a simulated link treats each message.
 *
 * @param minDelayMillis shortest time in flight
 * @param maxDelayMillis longest time in flight (each message draws uniformly in between)
 * @param loss probability that a message is lost, 0 to 1
 * @param duplication probability that a message arrives twice, 0 to 1
 * @param reorder whether a later message may overtake an earlier one; when false the link is FIFO
 *     like a TCP connection, and a message never arrives before one sent earlier
 */
public record LinkConditions(
    long minDelayMillis, long maxDelayMillis, double loss, double duplication, boolean reorder) {

  /** A healthy LAN-like link: 5 to 20 ms, nothing lost or duplicated, FIFO. */
  public static final LinkConditions DEFAULT = new LinkConditions(5, 20, 0, 0, false);

  public LinkConditions {
    if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= min <= max: " + minDelayMillis + ", " + maxDelayMillis);
    }
    if (!(loss >= 0 && loss <= 1) || !(duplication >= 0 && duplication <= 1)) {
      throw new IllegalArgumentException(
          "probabilities must lie in [0, 1]: loss " + loss + ", duplication " + duplication);
    }
  }
}

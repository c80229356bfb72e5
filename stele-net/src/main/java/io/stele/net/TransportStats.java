package io.stele.net;

import java.util.Map;

/**
 * A snapshot of a transport's counters since it started.
 *
 * @param sent messages queued for a peer (gossip counts once per peer)
 * @param received messages that arrived from authenticated peers
 * @param delivered messages passed to the handler
 * @param duplicates gossip copies dropped because their id was already seen
 * @param queueFull sends refused because the peer's outbound queue was full
 * @param tooLarge sends refused because the message was over the size limit
 * @param penalties offences charged to peers (invalid frames, rejected or reported messages)
 * @param bans peers disconnected and refused because their score fell under the threshold
 * @param closed connections closed or refused by this node, by reason code
 */
public record TransportStats(
    long sent,
    long received,
    long delivered,
    long duplicates,
    long queueFull,
    long tooLarge,
    long penalties,
    long bans,
    Map<String, Long> closed) {
  public TransportStats {
    closed = Map.copyOf(closed);
  }

  /** How many connections were closed for {@code reason}, zero if none. */
  public long closedFor(String reason) {
    return closed.getOrDefault(reason, 0L);
  }
}

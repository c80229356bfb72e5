package io.stele.net.sim;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;

/**
 * One thing the simulated network did. Two runs with the same seed and the same node behaviour
 * produce equal sequences of entries.
 *
 * @param time simulated milliseconds
 * @param kind what happened
 * @param from the sending node (for timers and peer changes: the node concerned)
 * @param to the receiving node (for timers: the same node; for peer changes: the peer)
 * @param messageId the message's id, or {@link Bytes#EMPTY} for timers and peer changes
 */
public record TraceEntry(long time, Kind kind, PublicKey from, PublicKey to, Bytes messageId) {

  /** Kinds of entries. */
  public enum Kind {
    /** A message was put in flight. */
    SENT,
    /** A message was lost on the link when sent. */
    LOST,
    /** A second copy of a message was put in flight. */
    DUPLICATED,
    /** A message reached its node's handler. */
    DELIVERED,
    /** A message in flight was dropped: partition, crash or ban since it was sent. */
    DROPPED,
    /** A send was refused because the link's queue was full. */
    REFUSED,
    /** A timer fired. */
    TIMER,
    /** A node saw a peer connect. */
    PEER_UP,
    /** A node saw a peer disconnect. */
    PEER_DOWN
  }

  @Override
  public String toString() {
    String text = time + " " + kind + " " + shortName(from) + "->" + shortName(to);
    return messageId.length() == 0 ? text : text + " " + messageId.toHex().substring(0, 16);
  }

  private static String shortName(PublicKey key) {
    return key.toString().substring(0, 6);
  }
}

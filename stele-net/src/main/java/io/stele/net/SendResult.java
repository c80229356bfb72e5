package io.stele.net;

/** The immediate outcome of a send; delivery itself is never promised. */
public enum SendResult {
  /** Queued for the peer. */
  QUEUED,
  /** No authenticated connection to that peer right now. */
  NOT_CONNECTED,
  /** The peer's outbound queue is full: the message is refused, not queued (counted). */
  QUEUE_FULL,
  /** Over the maximum message size: refused before it is queued (counted). */
  TOO_LARGE,
  /** The transport is closed. */
  CLOSED
}

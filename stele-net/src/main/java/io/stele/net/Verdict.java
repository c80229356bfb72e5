package io.stele.net;

/**
 * What the node's handler decided about a message. Gossip is forwarded only once the node has
 * accepted it, so an honest node never relays what it knows to be invalid.
 */
public enum Verdict {
  /** Valid: gossip is forwarded to the other peers. */
  ACCEPT,
  /** Not wanted (stale, already known by other means) but not an offence: nothing is forwarded. */
  IGNORE,
  /** Invalid: nothing is forwarded and the sender's score drops. */
  REJECT
}

package io.stele.net;

/**
 * Bounds that keep a node's memory use fixed whatever its peers do.
 *
 * @param maxMessageBytes largest message (type tag plus body) sent or accepted
 * @param maxQueuedPerPeer messages waiting to be written to one peer; beyond it sends are refused
 * @param seenMessages gossip ids remembered for de-duplication (least recently seen evicted first)
 */
public record TransportLimits(int maxMessageBytes, int maxQueuedPerPeer, int seenMessages) {
  /** 4 MiB messages (a full block with room to spare), 1024 queued per peer, 65536 gossip ids. */
  public static final TransportLimits DEFAULT = new TransportLimits(4 << 20, 1024, 1 << 16);

  public TransportLimits {
    if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxMessageBytes out of range: " + maxMessageBytes);
    }
    if (maxQueuedPerPeer < 1) {
      throw new IllegalArgumentException("maxQueuedPerPeer must be positive: " + maxQueuedPerPeer);
    }
    if (seenMessages < 1) {
      throw new IllegalArgumentException("seenMessages must be positive: " + seenMessages);
    }
  }
}

package io.stele.net;

/**
 * Bounds that keep a node's memory use fixed whatever its peers do.
 *
 * @param maxMessageBytes largest message (type tag plus body) sent or accepted
 * @param maxQueuedPerPeer messages waiting for one peer (or from one peer for the handler); beyond
 *     it sends are refused and reading from the peer pauses
 * @param maxQueuedBytesPerPeer the same bound in bytes; at least {@code maxMessageBytes}, so one
 *     message of any legal size always fits in an empty queue
 * @param seenMessages gossip ids remembered for de-duplication (least recently seen evicted first)
 */
public record TransportLimits(
    int maxMessageBytes, int maxQueuedPerPeer, long maxQueuedBytesPerPeer, int seenMessages) {
  /**
   * 4 MiB messages (a full block with room to spare), 1024 or 16 MiB queued per peer, 65536 ids.
   */
  public static final TransportLimits DEFAULT =
      new TransportLimits(4 << 20, 1024, 16L << 20, 1 << 16);

  public TransportLimits {
    if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxMessageBytes out of range: " + maxMessageBytes);
    }
    if (maxQueuedPerPeer < 1) {
      throw new IllegalArgumentException("maxQueuedPerPeer must be positive: " + maxQueuedPerPeer);
    }
    if (maxQueuedBytesPerPeer < maxMessageBytes) {
      throw new IllegalArgumentException(
          "maxQueuedBytesPerPeer must hold one message of maxMessageBytes: "
              + maxQueuedBytesPerPeer);
    }
    if (seenMessages < 1) {
      throw new IllegalArgumentException("seenMessages must be positive: " + seenMessages);
    }
  }
}

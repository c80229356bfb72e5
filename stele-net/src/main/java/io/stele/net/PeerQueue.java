package io.stele.net;

/**
 * Counts the messages and bytes waiting in one direction of one peer connection against {@link
 * TransportLimits#maxQueuedPerPeer()} and {@link TransportLimits#maxQueuedBytesPerPeer()}. Safe to
 * use from any thread.
 */
public final class PeerQueue {
  private final int maxMessages;
  private final long maxBytes;
  private int messages;
  private long bytes;

  public PeerQueue(TransportLimits limits) {
    this.maxMessages = limits.maxQueuedPerPeer();
    this.maxBytes = limits.maxQueuedBytesPerPeer();
  }

  /** Takes a message of {@code size} bytes if it fits; false (and nothing counted) if not. */
  public synchronized boolean offer(int size) {
    if (messages + 1 > maxMessages || bytes + size > maxBytes) {
      return false;
    }
    add(size);
    return true;
  }

  /** Counts a message that is already here (read from the socket) whether it fits or not. */
  public synchronized void add(int size) {
    messages++;
    bytes += size;
  }

  /** A message has left the queue. */
  public synchronized void remove(int size) {
    messages--;
    bytes -= size;
  }

  /** At or over either limit. */
  public synchronized boolean full() {
    return messages >= maxMessages || bytes >= maxBytes;
  }

  /** Down to half of both limits: the point to resume after a pause. */
  public synchronized boolean belowHalf() {
    return messages <= maxMessages / 2 && bytes <= maxBytes / 2;
  }

  public synchronized int messages() {
    return messages;
  }

  public synchronized long bytes() {
    return bytes;
  }
}

package io.stele.net.tcp;

/**
 * Frame kinds on a TCP connection. Every frame is {@code u32 length} then {@code length} bytes, the
 * first of which is the kind.
 */
final class Frames {
  private Frames() {}

  /** A message for the receiver only. */
  static final int DIRECT = 0x01;

  /** A message the receiver forwards once accepted. */
  static final int GOSSIP = 0x02;

  /** The opening of the handshake: version, chain id, key, challenge. */
  static final int HELLO = 0x10;

  /** The handshake signature over the other side's challenge. */
  static final int PROOF = 0x11;

  /** Bytes before the first frame: the length prefix. */
  static final int PREFIX = 4;

  /** Frame limit before the peer is authenticated: just enough for the handshake. */
  static final int HANDSHAKE_LIMIT = 128;
}

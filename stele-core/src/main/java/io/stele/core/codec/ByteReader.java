package io.stele.core.codec;

import java.util.Objects;

/**
 * Reads Stele's binary encoding strictly. Every read checks the bytes left, every length is checked
 * against a bound the caller gives before anything is allocated, and {@link #end()} refuses
 * trailing bytes. Errors are {@link CodecException}s with codes under {@code codec.}.
 */
public final class ByteReader {
  private final byte[] data;
  private final int limit;
  private int position;

  public ByteReader(byte[] data) {
    this(data, 0, data.length);
  }

  /** Reads {@code data[offset, offset + length)}; the slice must lie inside the array. */
  public ByteReader(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
  }

  private void need(int count, String field) {
    if (count < 0 || limit - position < count) {
      throw new CodecException(
          "codec.truncated",
          field
              + ": needs "
              + count
              + " bytes at offset "
              + position
              + ", "
              + remaining()
              + " left");
    }
  }

  public int remaining() {
    return limit - position;
  }

  public int position() {
    return position;
  }

  public int u8(String field) {
    need(1, field);
    return data[position++] & 0xFF;
  }

  public int u16(String field) {
    need(2, field);
    int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  public long u32(String field) {
    need(4, field);
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    return value;
  }

  public long i64(String field) {
    need(8, field);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    return value;
  }

  /** A non-negative i64: amounts, heights, nonces. */
  public long u63(String field) {
    long value = i64(field);
    if (value < 0) {
      throw new CodecException("codec.range", field + ": must not be negative, got " + value);
    }
    return value;
  }

  public byte[] fixed(int length, String field) {
    need(length, field);
    byte[] out = new byte[length];
    System.arraycopy(data, position, out, 0, length);
    position += length;
    return out;
  }

  public byte[] bytes16(int max, String field) {
    return lengthChecked(u16(field), max, field);
  }

  public byte[] bytes32(int max, String field) {
    long length = u32(field);
    return lengthChecked(length, max, field);
  }

  private byte[] lengthChecked(long length, int max, String field) {
    if (length > max) {
      throw new CodecException(
          "codec.too_long", field + ": length " + length + " is over the limit of " + max);
    }
    return fixed((int) length, field);
  }

  /** Refuses trailing bytes after a complete value. */
  public void end(String what) {
    if (position != limit) {
      throw new CodecException(
          "codec.trailing", what + ": " + (limit - position) + " unexpected trailing bytes");
    }
  }
}

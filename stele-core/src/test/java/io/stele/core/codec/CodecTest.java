package io.stele.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CodecTest {
  private static final int MAX = 300;

  /** One field of a record: what kind it is and its value. */
  record Field(Kind kind, long number, byte[] bytes) {
    void write(ByteWriter w) {
      switch (kind) {
        case U8 -> w.u8((int) number);
        case U16 -> w.u16((int) number);
        case U32 -> w.u32(number);
        case I64 -> w.i64(number);
        case FIXED -> w.fixed(bytes);
        case BYTES16 -> w.bytes16(bytes);
        case BYTES32 -> w.bytes32(bytes);
      }
    }

    Field read(ByteReader r) {
      return switch (kind) {
        case U8 -> new Field(kind, r.u8("f"), null);
        case U16 -> new Field(kind, r.u16("f"), null);
        case U32 -> new Field(kind, r.u32("f"), null);
        case I64 -> new Field(kind, r.i64("f"), null);
        case FIXED -> new Field(kind, 0, r.fixed(bytes.length, "f"));
        case BYTES16 -> new Field(kind, 0, r.bytes16(MAX, "f"));
        case BYTES32 -> new Field(kind, 0, r.bytes32(MAX, "f"));
      };
    }

    boolean sameAs(Field other) {
      return kind == other.kind && number == other.number && Arrays.equals(bytes, other.bytes);
    }
  }

  enum Kind {
    U8,
    U16,
    U32,
    I64,
    FIXED,
    BYTES16,
    BYTES32
  }

  @Provide
  Arbitrary<List<Field>> records() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX);
    Arbitrary<Field> field =
        Arbitraries.of(Kind.class)
            .flatMap(
                kind ->
                    switch (kind) {
                      case U8 -> Arbitraries.integers().between(0, 0xFF).map(v -> num(kind, v));
                      case U16 -> Arbitraries.integers().between(0, 0xFFFF).map(v -> num(kind, v));
                      case U32 ->
                          Arbitraries.longs().between(0, 0xFFFFFFFFL).map(v -> num(kind, v));
                      case I64 -> Arbitraries.longs().map(v -> num(kind, v));
                      default -> bytes.map(b -> new Field(kind, 0, b));
                    });
    return field.list().ofMaxSize(12);
  }

  private static Field num(Kind kind, long value) {
    return new Field(kind, value, null);
  }

  private static byte[] encode(List<Field> fields) {
    ByteWriter w = new ByteWriter(1);
    fields.forEach(f -> f.write(w));
    return w.toByteArray();
  }

  @Property(tries = 500)
  void whatTheWriterWritesTheReaderReadsBackExactly(@ForAll("records") List<Field> fields) {
    byte[] encoded = encode(fields);
    ByteReader r = new ByteReader(encoded);
    for (Field f : fields) {
      assertThat(f.read(r).sameAs(f)).as("field %s", f.kind()).isTrue();
    }
    r.end("record");
    assertThat(r.remaining()).isZero();
  }

  @Property(tries = 300)
  void everyTruncationIsRejectedAsTruncated(@ForAll("records") List<Field> fields) {
    byte[] encoded = encode(fields);
    for (int cut = 0; cut < encoded.length; cut++) {
      ByteReader r = new ByteReader(Arrays.copyOf(encoded, cut));
      assertThatThrownBy(
              () -> {
                for (Field f : fields) {
                  f.read(r);
                }
              })
          .as("cut at %d of %d", cut, encoded.length)
          .isInstanceOf(CodecException.class)
          .extracting(e -> ((CodecException) e).code())
          .isEqualTo("codec.truncated");
    }
  }

  @Property(tries = 300)
  void trailingBytesAreRejected(
      @ForAll("records") List<Field> fields, @ForAll("trailer") byte[] trailer) {
    byte[] encoded = encode(fields);
    byte[] longer = Arrays.copyOf(encoded, encoded.length + trailer.length);
    System.arraycopy(trailer, 0, longer, encoded.length, trailer.length);
    ByteReader r = new ByteReader(longer);
    fields.forEach(f -> f.read(r));
    assertThatThrownBy(() -> r.end("record"))
        .isInstanceOf(CodecException.class)
        .hasMessage("record: " + trailer.length + " unexpected trailing bytes")
        .extracting(e -> ((CodecException) e).code())
        .isEqualTo("codec.trailing");
  }

  @Provide
  Arbitrary<byte[]> trailer() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20);
  }

  @Test
  void integersAreBigEndian() {
    byte[] encoded = new ByteWriter().u8(0xAB).u16(0x0102).u32(0xA0B0C0D0L).i64(-2).toByteArray();
    assertThat(HexFormat.of().formatHex(encoded))
        .isEqualTo("ab" + "0102" + "a0b0c0d0" + "fffffffffffffffe");
    assertThat(HexFormat.of().formatHex(new ByteWriter().bytes16(new byte[] {7}).toByteArray()))
        .isEqualTo("000107");
    assertThat(HexFormat.of().formatHex(new ByteWriter().bytes32(new byte[] {7}).toByteArray()))
        .isEqualTo("0000000107");
  }

  @Test
  void aLengthOverTheCallersLimitIsRejectedBeforeReading() {
    // Announces 0xFFFFFFFF bytes with only two present: refused by the bound, not by allocation.
    byte[] data = HexFormat.of().parseHex("ffffffff0102");
    assertThatThrownBy(() -> new ByteReader(data).bytes32(1024, "payload"))
        .isInstanceOf(CodecException.class)
        .hasMessage("payload: length 4294967295 is over the limit of 1024")
        .extracting(e -> ((CodecException) e).code())
        .isEqualTo("codec.too_long");
    byte[] short16 = HexFormat.of().parseHex("0005010203");
    assertThatThrownBy(() -> new ByteReader(short16).bytes16(4, "memo"))
        .extracting(e -> ((CodecException) e).code())
        .isEqualTo("codec.too_long");
    assertThatThrownBy(() -> new ByteReader(short16).bytes16(5, "memo"))
        .hasMessage("memo: needs 5 bytes at offset 2, 3 left")
        .extracting(e -> ((CodecException) e).code())
        .isEqualTo("codec.truncated");
  }

  @Test
  void negativeU63IsOutOfRange() {
    byte[] data = new ByteWriter().i64(-1).toByteArray();
    assertThatThrownBy(() -> new ByteReader(data).u63("amount"))
        .hasMessage("amount: must not be negative, got -1")
        .extracting(e -> ((CodecException) e).code())
        .isEqualTo("codec.range");
    assertThat(new ByteReader(new ByteWriter().i64(Long.MAX_VALUE).toByteArray()).u63("amount"))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aReaderOverASliceStaysInsideIt() {
    byte[] data = {1, 2, 3, 4, 5, 6};
    ByteReader r = new ByteReader(data, 2, 2);
    assertThat(r.u16("x")).isEqualTo(0x0304);
    assertThatThrownBy(() -> r.u8("y"))
        .extracting(e -> ((CodecException) e).code())
        .isEqualTo("codec.truncated");
    assertThatThrownBy(() -> new ByteReader(data, 4, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aU16LengthCannotHoldMore() {
    assertThatThrownBy(() -> new ByteWriter().bytes16(new byte[0x10000]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

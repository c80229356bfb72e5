package io.stele.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Base58 must agree with the digit-by-digit reference on every input, errors included. */
class Base58AgreementTest {
  @Property(tries = 500)
  void decodesWhatBase58Encodes(@ForAll @Size(max = 600) byte[] value) {
    assertThat(Base58.decode(ReferenceBase58.encode(value), 600)).isEqualTo(value);
  }

  @Property(tries = 500)
  void encodesAsCoreDoes(@ForAll @Size(max = 600) byte[] value) {
    assertThat(Base58.encode(value)).isEqualTo(ReferenceBase58.encode(value));
  }

  @Property(tries = 500)
  void agreesWithCoreOnAnyText(
      @ForAll("base58ish") String text, @ForAll @IntRange(min = 1, max = 80) int maxBytes) {
    byte[] expected;
    try {
      expected = ReferenceBase58.decode(text, maxBytes);
    } catch (SteleException e) {
      assertThatThrownBy(() -> Base58.decode(text, maxBytes))
          .isInstanceOfSatisfying(
              SteleException.class,
              mine -> {
                assertThat(mine.code()).isEqualTo(e.code());
                assertThat(mine.getMessage()).isEqualTo(e.getMessage());
              });
      return;
    }
    assertThat(Base58.decode(text, maxBytes)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> base58ish() {
    return Arbitraries.strings()
        .withChars("111123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl")
        .ofMaxLength(120);
  }

  @Test
  void leadingOnesAreZeroBytes() {
    assertThat(Base58.decode("1112", 10)).containsExactly(0, 0, 0, 1);
    assertThat(Base58.decode("", 10)).isEmpty();
    assertThat(Base58.encode(new byte[] {0, 0, 0, 1})).isEqualTo("1112");
    assertThat(Base58.encode(new byte[0])).isEmpty();
    // LTO's event vector: {"foo":"bar","color":"red"}
    assertThat(
            Base58.encode(
                "{\"foo\":\"bar\",\"color\":\"red\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("HeFMDcuveZQYtBePVUugLyWtsiwsW4xp7xKdv");
  }
}

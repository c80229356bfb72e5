package io.stele.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base58Test {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  /** Bitcoin Core's {@code src/test/data/base58_encode_decode.json} (hex, base58). */
  @ParameterizedTest(name = "{0} <-> {1}")
  @CsvSource({
    "'', ''",
    "61, 2g",
    "626262, a3gV",
    "636363, aPEr",
    "73696d706c792061206c6f6e6720737472696e67, 2cFupjhnEsSn59qHXstmK2ffpLv2",
    "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
    "516b6fcd0f, ABnLTmg",
    "bf4f89001e670274dd, 3SEo3LWLoPntC",
    "572e4794, 3EFU7m",
    "ecac89cad93923c02321, EJDM8drfXA6uyA",
    "10c8511e, Rt5zm",
    "00000000000000000000, 1111111111",
    "00000000000000000000000000000000000000000000000000000000000000000000000000000000,"
        + " 1111111111111111111111111111111111111111",
    "00000000000000000000000000000000000000000000000000000000000000000000000000000001,"
        + " 1111111111111111111111111111111111111112",
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "ec39d04c37e71e5d591881f6,"
        + " 111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
        + "115TYzLYH1udmLdzCLM",
    "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5,"
        + " 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
    "271F359E, zzzzy",
    "271F359F, zzzzz",
    "271F35A0, 211111",
    "271F35A1, 211112",
  })
  void bitcoinVectorsEncodeAndDecode(String hex, String base58) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(Base58.encode(bytes)).isEqualTo(base58);
    assertThat(Base58.decode(base58, 1024)).isEqualTo(bytes);
  }

  /** Bitcoin Core's longest vector: the 256 byte values 0x00..0xff in order. */
  @Test
  void bitcoinVectorOfAllByteValues() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    String expected =
        "1cWB5HCBdLjAuqGGReWE3R3CguuwSjw6RHn39s2yuDRTS5NsBgNiFpWgAnEx6VQi8csexkgYw3mdYrMHr8x9i7a"
            + "EwP8kZ7vccXWqKDvGv3u1GxFKPuAkn8JCPPGDMf3vMMnbzm6Nh9zh1gcNsMvH3ZNLmP5fSG6DGbbi2tuwMWPthr4b"
            + "oWwCxf7ewSgNQeacyozhKDDQQ1qL5fQFUW52QKUZDZ5fw3KXNQJMcNTcaB723LchjeKun7MuGW5qyCBZYzA1Kjo"
            + "fN1gYBV3NqyhQJ3Ns746GNuf9N2pQPmHz4xpnSrrfCvy6TVVz5d4PdrjeshsWQwpZsZGzvbdAdN8MKV5QsBDY";
    assertThat(Base58.encode(all)).isEqualTo(expected);
    assertThat(Base58.decode(expected, 256)).isEqualTo(all);
  }

  /** LTO's documentation: the bytes [1, 2, 3, 4, 5] are "7bWpTW", "teststring" decodes to 8. */
  @Test
  void ltoDocumentationExamples() {
    assertThat(Base58.encode(new byte[] {1, 2, 3, 4, 5})).isEqualTo("7bWpTW");
    assertThat(Base58.decode("teststring", 8))
        .isEqualTo(new byte[] {5, 83, 9, -20, 82, -65, 120, -11});
  }

  @Test
  void eachLeadingZeroByteIsOneLeadingOne() {
    assertThat(Base58.encode(new byte[] {0})).isEqualTo("1");
    assertThat(Base58.encode(new byte[] {0, 0, 0})).isEqualTo("111");
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.encode(new byte[] {0, 0, 58})).isEqualTo("1121");
    assertThat(Base58.decode("111", 3)).isEqualTo(new byte[3]);
    assertThat(Base58.decode("1121", 3)).isEqualTo(new byte[] {0, 0, 58});
  }

  @ParameterizedTest(name = "rejects {0}")
  @ValueSource(
      strings = {
        "0",
        "O",
        "I",
        "l",
        "abc0",
        "2gO",
        "I1",
        "3l",
        "é",
        "2g\u00e9",
        "a b",
        "+",
        "-",
        "\0"
      })
  void charactersOutsideTheAlphabetAreRejected(String text) {
    assertThatThrownBy(() -> Base58.decode(text, 64))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("invalid base58 character")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("encoding.base58");
  }

  @Test
  void rejectionNamesTheOffendingPosition() {
    assertThatThrownBy(() -> Base58.decode("abcIdef", 64))
        .hasMessage("invalid base58 character 'I' at position 3");
  }

  @Test
  void valuesOverTheBoundAreRejected() {
    byte[] thirtyThree = new byte[33];
    thirtyThree[0] = (byte) 0xff;
    String text = Base58.encode(thirtyThree);
    assertThat(Base58.decode(text, 33)).isEqualTo(thirtyThree);
    assertThatThrownBy(() -> Base58.decode(text, 32))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("longer than 32 bytes");
    // Leading zero bytes count against the bound too.
    assertThatThrownBy(() -> Base58.decode("1".repeat(33), 32))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("longer than 32 bytes");
  }

  @Test
  void hugeTextIsRejectedByLengthBeforeDecoding() {
    // Invalid characters at the end are never reached: the length alone refuses the text.
    String huge = "z".repeat(1_000_000) + "0";
    assertThatThrownBy(() -> Base58.decode(huge, 32))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("longer than 32 bytes");
  }

  @Property(tries = 500)
  void decodeInvertsEncode(@ForAll @Size(max = 80) byte[] bytes) {
    String text = Base58.encode(bytes);
    assertThat(text).matches("[" + ALPHABET + "]*");
    assertThat(Base58.decode(text, bytes.length)).isEqualTo(bytes);
  }

  /** Base58 is a bijection: every string over the alphabet is the encoding of its decoding. */
  @Property(tries = 500)
  void encodeInvertsDecode(@ForAll("base58Text") String text) {
    assertThat(Base58.encode(Base58.decode(text, text.length()))).isEqualTo(text);
  }

  @Provide
  Arbitrary<String> base58Text() {
    return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(60);
  }
}

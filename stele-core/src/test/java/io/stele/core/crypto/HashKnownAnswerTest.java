package io.stele.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for the three hash functions. SHA-256: FIPS 180-2 appendix B / NIST CSRC examples
 * ("abc", the 448-bit message, one million 'a'). SHA3-256: NIST CSRC SHA-3 examples for the same
 * messages. BLAKE2b-256: the BLAKE2 reference outputs for "" and "abc" (RFC 7693 parameters, digest
 * length 32, no key), cross-checked with CPython's independent hashlib.blake2b.
 */
class HashKnownAnswerTest {
  private static final String ABC = "abc";
  private static final String M448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  private static final String MILLION_A = "a".repeat(1_000_000);

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(
            HashFunction.SHA256,
            "",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Arguments.of(
            HashFunction.SHA256,
            ABC,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Arguments.of(
            HashFunction.SHA256,
            M448,
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Arguments.of(
            HashFunction.SHA256,
            MILLION_A,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        Arguments.of(
            HashFunction.SHA3_256,
            "",
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"),
        Arguments.of(
            HashFunction.SHA3_256,
            ABC,
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
        Arguments.of(
            HashFunction.SHA3_256,
            M448,
            "41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376"),
        Arguments.of(
            HashFunction.SHA3_256,
            MILLION_A,
            "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1"),
        Arguments.of(
            HashFunction.BLAKE2B_256,
            "",
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"),
        Arguments.of(
            HashFunction.BLAKE2B_256,
            ABC,
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"),
        Arguments.of(
            HashFunction.BLAKE2B_256,
            M448,
            "5f7a93da9c5621583f22e49e8e91a40cbba37536622235a380f434b9f68e49c4"));
  }

  @ParameterizedTest(name = "{0} of a {1} char message")
  @MethodSource("answers")
  void hashGivesThePublishedDigest(HashFunction hash, String message, String digest) {
    byte[] data = message.getBytes(StandardCharsets.US_ASCII);
    assertThat(HexFormat.of().formatHex(hash.hash(data))).isEqualTo(digest);
  }

  @ParameterizedTest(name = "{0} of a {1} char message, in parts")
  @MethodSource("answers")
  void hashingInPartsGivesThePublishedDigest(HashFunction hash, String message, String digest) {
    byte[] data = message.getBytes(StandardCharsets.US_ASCII);
    int cut = data.length / 3;
    byte[] a = Arrays.copyOfRange(data, 0, cut);
    byte[] b = Arrays.copyOfRange(data, cut, data.length);
    assertThat(HexFormat.of().formatHex(hash.hash(a, b))).isEqualTo(digest);
    byte[] padded = new byte[data.length + 5];
    System.arraycopy(data, 0, padded, 2, data.length);
    assertThat(HexFormat.of().formatHex(hash.hash(padded, 2, data.length))).isEqualTo(digest);
  }

  @Property(tries = 200)
  void partsHashLikeTheirConcatenation(
      @ForAll byte[] a, @ForAll byte[] b, @ForAll HashFunction hash) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    assertThat(hash.hash(a, b)).isEqualTo(hash.hash(joined)).hasSize(HashFunction.LENGTH);
  }
}

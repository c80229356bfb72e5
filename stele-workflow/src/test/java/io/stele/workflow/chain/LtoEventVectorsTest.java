package io.stele.workflow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.PublicKey;
import io.stele.core.encoding.Base58;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from LTO's lto-api.php tests (EventTest, EventChainTest). */
class LtoEventVectorsTest {
  private static final String BODY = "HeFMDcuveZQYtBePVUugLyWtsiwsW4xp7xKdv";
  private static final String PREVIOUS = "72gRWx4C1Egqz9xvUBCYVdgh7uLc5kmGbjXFhiknNCTW";
  private static final String SIGNKEY = "FkU1XyfrCftc4pQKXCrrDyRLSnifX1SMvmx1CYiiyB3Y";
  private static final String SIGNATURE =
      "258KnaZxcx4cA9DUWSPw8QwBokRGzFDQmB4BH9MRJhoPJghsXoAZ7KnQ2DWR7ihtjXzUjbsXtSeup4UDcQ2L6RDL";

  private static Event event(long timestamp, String hash) {
    return new Event(null, BODY, timestamp, PREVIOUS, SIGNKEY, SIGNATURE, hash, null, null);
  }

  @Test
  void bodyIsBase58OfTheRawJson() {
    assertThat(
            Base58.encode("{\"foo\":\"bar\",\"color\":\"red\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(BODY);
  }

  @Test
  void messageHashAndSignatureMatchLto() {
    Event event = event(1519862400L, "Bpq9rZt12Gv44dkXFw8RmLYzbaH2HBwPQJ6KihdLe5LG");
    assertThat(new String(event.message(), StandardCharsets.UTF_8))
        .isEqualTo(BODY + "\n1519862400\n" + PREVIOUS + "\n" + SIGNKEY);
    assertThat(event.computedHash()).isEqualTo("Bpq9rZt12Gv44dkXFw8RmLYzbaH2HBwPQJ6KihdLe5LG");
    assertThat(event.signatureValid()).isTrue();
  }

  @Test
  void backdatedEventNoLongerVerifies() {
    assertThat(event(1519084800L, "x").signatureValid()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "foo, 2b6QYLttL2R3CLGL4fUB9vaXXX4c5PRhHhCS51CZQodgu7ay9BpMNdJ6mZ8hyF, 5S5qWhWs228toGUXX9DULHLF8Xfr7Xd8R2Lc4zQd4krj",
    "'', 2ar3wSjTm1fA33qgckZ5Kxn1x89gKRPpbR2EE61c5rRMnNk4cedDhYQxBE1E7k, 3mG9WaAizdw15Xouv4adFGY131Bims8m5BTQVyv1YU7n"
  })
  void chainIdAndInitialHashMatchLto(String seed, String id, String initial) {
    PublicKey key = PublicKey.fromBase58("GjSacB6a5DFNEHjDSmn724QsrRStKYzkahPH67wyrhAY");
    byte[] nonce = seed.isEmpty() ? new byte[20] : ChainId.seedNonce(seed);
    ChainId chainId = ChainId.create(key, nonce);
    assertThat(chainId.toBase58()).isEqualTo(id);
    assertThat(chainId.initialHash()).isEqualTo(initial);
    assertThat(chainId.isCreatedBy(key)).isTrue();
    assertThat(ChainId.fromBase58(id)).isEqualTo(chainId);
  }

  /** LTO's resource ids are derived from the raw id even when that id's own checksum is old. */
  @Test
  void resourceIdsMatchLto() {
    byte[] raw =
        Base58.decode("2b6QYLttL2R3CLGL4fUB9vaXXX4c5HJanjV5QecmAYLCrD52o6is1fRMGShUUF", 45);
    assertThat(ChainId.resourceIdFor(raw, ChainId.seedNonce("foo")))
        .isEqualTo("2z4AmxL122aaTLyVy6rhEfXHGJMGuUnViUhw3D7XC4VcycnkEwkHXXdxg73vLb");
    assertThat(ChainId.resourceIdFor(raw, new byte[20]))
        .isEqualTo("2yopB4AaT1phJ4YrXBwbQhimguSM9Wkd2CXjCHvZs7HHrswqiQZ9rSkp5cGwJG");
  }

  @ParameterizedTest
  @CsvSource({
    "true, 2z4AmxL122aaTLyVy6rhEfXHGJMGuUnViUhw3D7XC4VcycnkEwkHXXdxg73vLb",
    "true, 2yopB4AaT1phJ4YrXBwbQhimguSM9Wkd2CXjCHvZs7HHrswqiQZ9rSkp5cGwJG",
    "true, 315qxHsiGMAHxHVjiNN2aU2MWthjDTJr4Z71cNFgppCpZPhtX237eJ97itWHSX",
    "false, 2z4AmxL122aaTLyVy6rhEfXHGJMGueqGvF1FmfWVHECt7xEc6VSSqCCSZUfq7D",
    "false, 2yopB4AaT1phJ4YrXBwbQhimguSM9goQDxq3vkKXxGzZ1DPhZxFKA7KHvVwSKf",
    "false, 2z4AmxL12",
    "false, 2ytJBjPHGLuEKYD5oQs54a367ucFkZaKYSXXkzjHbqHMS3kBknSUtrmosTNHKL",
    "false, 2b6QYLttL2R3CLGL4fUB9vaXXX4c5HJanjV5QecmAYLCrD52o6is1fRMGShUUF",
    "false, = incorrectly encoded"
  })
  void resourceIdValidityMatchesLto(boolean valid, String candidate) {
    byte[] raw =
        Base58.decode("2b6QYLttL2R3CLGL4fUB9vaXXX4c5HJanjV5QecmAYLCrD52o6is1fRMGShUUF", 45);
    assertThat(ChainId.isResourceIdOf(raw, candidate)).isEqualTo(valid);
  }

  @Test
  void aChainRecognisesItsOwnResourceIdsOnly() {
    ChainId mine =
        ChainId.fromBase58("2ar3wSjTm1fA33qgckZ5Kxn1x89gKRPpbR2EE61c5rRMnNk4cedDhYQxBE1E7k");
    ChainId other =
        ChainId.fromBase58("2b6QYLttL2R3CLGL4fUB9vaXXX4c5PRhHhCS51CZQodgu7ay9BpMNdJ6mZ8hyF");
    String resource = mine.resourceId(ChainId.seedNonce("invoice-1"));
    assertThat(mine.isResourceId(resource)).isTrue();
    assertThat(other.isResourceId(resource)).isFalse();
    assertThat(mine.isResourceId(mine.toBase58())).isFalse();
  }
}

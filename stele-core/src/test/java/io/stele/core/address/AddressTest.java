package io.stele.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Addresses against LTO Network's own client libraries:
 *
 * <ul>
 *   <li>ltonetwork/lto-api.js {@code test/LTO.spec.ts}: the phrase "manage manual ... position add"
 *       gives sign key GjSacB6a..., address 3JmCa4jL... on 'L' and 3MyuPwbi... on 'T';
 *   <li>ltonetwork/lto-api.python {@code tests/AccountFactoryED25519Test.py}: the phrase "divert
 *       manage ... range sleep" gives seed 8swwLhnY..., sign key 88Ny176g... and 3JrXMae8... on
 *       'L'.
 * </ul>
 *
 * Older Waves-era vectors (lto-api.php, the first lto-api.java) hash with Keccak and do not apply.
 */
class AddressTest {

  @ParameterizedTest(name = "{0} on ''{1}'' is {2}")
  @CsvSource({
    "GjSacB6a5DFNEHjDSmn724QsrRStKYzkahPH67wyrhAY, L, 3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe",
    "GjSacB6a5DFNEHjDSmn724QsrRStKYzkahPH67wyrhAY, T, 3MyuPwbiobZFnZzrtyY8pkaHoQHYmyQxxY1",
    "88Ny176gibcsKogkrkeR1MRJSpt9diaMdqnrnjLcy5PA, L, 3JrXMae8BFDUrVu6DxuQTvvEVf8NwxdnPct",
  })
  void publicKeyGivesThePublishedAddress(String publicKey, char chain, String address) {
    PublicKey key = PublicKey.fromBase58(publicKey);
    Address derived = Address.of(key, (byte) chain);

    assertThat(derived.toString()).isEqualTo(address);
    assertThat(derived.chainId()).isEqualTo((byte) chain);
    assertThat(Address.fromBase58(address, (byte) chain)).isEqualTo(derived);
    assertThat(derived.belongsTo(key)).isTrue();
  }

  /** LTO's 64-byte NaCl secret keys are seed || public key; the seed gives the public key. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "4zsR9xoFpxfnNwLcY4hdRUarwf5xWtLj6FpKGDFBgscPxecPj2qgRNx4kJsFCpe9YDxBRNoeBWTh2SDAdwTySomS,"
        + " GjSacB6a5DFNEHjDSmn724QsrRStKYzkahPH67wyrhAY",
    "wJ4WH8dD88fSkNdFQRjaAhjFUZzZhV5yiDLDwNUnp6bYwRXrvWV8MJhQ9HL9uqMDG1n7XpTGZx7PafqaayQV8Rp,"
        + " FkU1XyfrCftc4pQKXCrrDyRLSnifX1SMvmx1CYiiyB3Y",
  })
  void ltoSecretKeySeedGivesItsPublicKey(String secretKey, String publicKey) {
    byte[] secret = Base58.decode(secretKey, 64);
    KeyPair key = KeyPair.fromSeed(Arrays.copyOf(secret, 32));
    assertThat(key.publicKey().toString()).isEqualTo(publicKey);
    assertThat(key.publicKey().bytes()).isEqualTo(Bytes.of(Arrays.copyOfRange(secret, 32, 64)));
  }

  /**
   * LTO's account seed is secureHash(nonce u32 || phrase); its SHA-256 is the Ed25519 seed,
   * published either alone (32 bytes, Python) or as the first half of a NaCl secret key (64 bytes,
   * JavaScript).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "manage manual recall harvest series desert melt police rose hollow moral pledge kitten position"
        + " add, 4zsR9xoFpxfnNwLcY4hdRUarwf5xWtLj6FpKGDFBgscPxecPj2qgRNx4kJsFCpe9YDxBRNoeBWTh2SDAdwTySomS,"
        + " GjSacB6a5DFNEHjDSmn724QsrRStKYzkahPH67wyrhAY,"
        + " 3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe",
    "divert manage prefer child kind maximum october hand manual connect fitness small symptom range"
        + " sleep, 8swwLhnY6CUYS9v4L8yANcpftsG52xqrmygHJ4saTdSp, 88Ny176gibcsKogkrkeR1MRJSpt9diaMdqnrnjLcy5PA,"
        + " 3JrXMae8BFDUrVu6DxuQTvvEVf8NwxdnPct",
  })
  void ltoPhraseGivesTheSeedKeyAndAddress(
      String phrase, String secretKey, String publicKey, String address) {
    byte[] text = phrase.getBytes(StandardCharsets.UTF_8);
    byte[] nonced = new byte[4 + text.length];
    System.arraycopy(text, 0, nonced, 4, text.length);
    byte[] seed = Hashes.sha256(Hashes.secureHash(nonced));

    assertThat(seed).isEqualTo(Arrays.copyOf(Base58.decode(secretKey, 64), 32));
    KeyPair key = KeyPair.fromSeed(seed);
    assertThat(key.publicKey().toString()).isEqualTo(publicKey);
    assertThat(Address.of(key.publicKey(), (byte) 'L').toString()).isEqualTo(address);
  }

  @Test
  void aChangedHashOrChecksumByteIsRejected() {
    byte[] good = Base58.decode("3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe", 26);
    for (int i = 2; i < Address.LENGTH; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> new Address(Bytes.wrap(bad)))
          .as("byte %d flipped", i)
          .isInstanceOf(SteleException.class)
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("address.checksum");
    }
  }

  @Test
  void aChangedChainByteBreaksTheChecksum() {
    byte[] bytes = Base58.decode("3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe", 26);
    bytes[1] = 'T';
    assertThatThrownBy(() -> Address.fromBase58(Base58.encode(bytes)))
        .isInstanceOf(SteleException.class)
        .hasMessage("address checksum does not match");
  }

  @Test
  void anUnknownVersionIsRejected() {
    byte[] bytes = Base58.decode("3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe", 26);
    bytes[0] = 2;
    // Recompute the checksum, so only the version is wrong.
    byte[] checksum = Hashes.secureHash(Arrays.copyOf(bytes, 22));
    System.arraycopy(checksum, 0, bytes, 22, 4);
    assertThatThrownBy(() -> new Address(Bytes.wrap(bytes)))
        .isInstanceOf(SteleException.class)
        .hasMessage("unknown address version 2")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("address.version");
  }

  @Test
  void wrongLengthsAreRejected() {
    byte[] bytes = Base58.decode("3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe", 26);
    assertThatThrownBy(() -> new Address(Bytes.wrap(Arrays.copyOf(bytes, 25))))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("address.length");
    assertThatThrownBy(() -> Address.fromBase58(Base58.encode(Arrays.copyOf(bytes, 27))))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("encoding.base58");
  }

  @Test
  void anAddressOfAnotherChainIsRejected() {
    assertThatThrownBy(() -> Address.fromBase58("3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe", (byte) 'T'))
        .isInstanceOf(SteleException.class)
        .hasMessage("address 3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfWe is for chain 'L', not 'T'")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("address.chain");
  }

  @Test
  void badBase58IsRejected() {
    assertThatThrownBy(() -> Address.fromBase58("3JmCa4jLVv7Yn2XkCnBUGsa7WNFVEMxAfW0"))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("encoding.base58");
  }

  @Property(tries = 200)
  void everyDerivedAddressParsesBackAndBelongsToItsKey(
      @ForAll @Size(value = 32) byte[] seed, @ForAll byte chainId) {
    PublicKey key = KeyPair.fromSeed(seed).publicKey();
    Address address = Address.of(key, chainId);
    assertThat(Address.fromBase58(address.toString(), chainId)).isEqualTo(address);
    assertThat(address.belongsTo(key)).isTrue();
  }
}

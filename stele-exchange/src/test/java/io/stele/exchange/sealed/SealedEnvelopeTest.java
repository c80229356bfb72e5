package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

class SealedEnvelopeTest {
  private static final int CHAIN = 'T';

  private final KeyPair client = KeyPair.generate(new SeededRng(1));
  private final EpochKey.Deal deal = EpochKey.deal(CHAIN, 7, 2, 3, new SeededRng(2));

  @Test
  void bytesFollowTheDocumentedLayout() {
    OrderSealer sealer = new OrderSealer(client, deal.announcement(), new SeededRng(3), 41);
    byte[] bytes = sealer.seal("buy 1 BTC".getBytes(StandardCharsets.UTF_8)).bytes().toArray();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertThat(in.get()).isEqualTo((byte) 1);
    assertThat(in.get()).isEqualTo((byte) CHAIN);
    assertThat(in.getLong()).isEqualTo(7);
    byte[] epochKey = new byte[32];
    in.get(epochKey);
    assertThat(epochKey).isEqualTo(deal.announcement().publicKey().toArray());
    byte[] clientKey = new byte[32];
    in.get(clientKey);
    assertThat(clientKey).isEqualTo(client.publicKey().bytes().toArray());
    assertThat(in.getLong()).isEqualTo(41);
    in.position(in.position() + 32);
    int length = in.getInt();
    assertThat(length).isEqualTo("buy 1 BTC".length() + 16);
    assertThat(bytes.length).isEqualTo(114 + 4 + length + 64);
    byte[] signature = Arrays.copyOfRange(bytes, bytes.length - 64, bytes.length);
    assertThat(client.publicKey().verify(Arrays.copyOf(bytes, bytes.length - 64), signature))
        .isTrue();
  }

  /** Re-derives the order key with JCA HMAC (HKDF by hand) and opens the ciphertext with JCA. */
  @Test
  void ciphertextOpensUnderTheDocumentedKeyDerivationAndNonce() throws Exception {
    byte[] agreementPrivate = new byte[32];
    new SeededRng(3).nextBytes(agreementPrivate);
    OrderSealer sealer = new OrderSealer(client, deal.announcement(), new SeededRng(3), 0);
    sealer.seal(new byte[] {9});
    byte[] payload = "sell 5 ETH @ 3100.25".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = sealer.seal(payload).bytes().toArray();

    byte[] agreementPublic = new byte[32];
    X25519.scalarMultBase(agreementPrivate, 0, agreementPublic, 0);
    assertThat(Arrays.copyOfRange(bytes, 82, 114)).isEqualTo(agreementPublic);
    byte[] shared = new byte[32];
    X25519.scalarMult(agreementPrivate, 0, deal.announcement().publicKey().toArray(), 0, shared, 0);

    byte[] epochPub = deal.announcement().publicKey().toArray();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("stele.sealed.v1".getBytes(StandardCharsets.US_ASCII));
    sha256.update((byte) CHAIN);
    sha256.update(ByteBuffer.allocate(8).putLong(7).array());
    byte[] salt = sha256.digest(epochPub);
    ByteBuffer info = ByteBuffer.allocate(22 + 1 + 8 + 32 + 32);
    info.put("stele.sealed.order-key".getBytes(StandardCharsets.US_ASCII))
        .put((byte) CHAIN)
        .putLong(7)
        .put(client.publicKey().bytes().toArray())
        .put(agreementPublic);
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = hmac.doFinal(shared);
    hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
    hmac.update(info.array());
    byte[] key = hmac.doFinal(new byte[] {1});

    byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(1).array();
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    aes.updateAAD(bytes, 0, 114);
    int length = ByteBuffer.wrap(bytes, 114, 4).getInt();
    assertThat(aes.doFinal(bytes, 118, length)).isEqualTo(payload);
  }

  @Property(tries = 50)
  void parsingTheBytesGivesBackTheFields(
      @ForAll @Size(max = 300) byte[] payload, @ForAll @IntRange(max = 1_000_000) int counter) {
    OrderSealer sealer = new OrderSealer(client, deal.announcement(), new SeededRng(5), counter);
    SealedEnvelope sealed = sealer.seal(payload);
    SealedEnvelope parsed = SealedEnvelope.parse(sealed.bytes().toArray());
    assertThat(parsed).isEqualTo(sealed);
    assertThat(parsed.counter()).isEqualTo(counter);
    assertThat(parsed.epoch()).isEqualTo(7);
    assertThat(parsed.chainId()).isEqualTo(CHAIN);
    assertThat(parsed.client()).isEqualTo(client.publicKey());
    assertThat(parsed.epochKey()).isEqualTo(deal.announcement().publicKey());
    assertThat(parsed.signatureValid()).isTrue();
  }

  @Property(tries = 100)
  void changingAnyByteBreaksTheEnvelope(
      @ForAll @IntRange(max = 10_000) int where, @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] bytes =
        new OrderSealer(client, deal.announcement(), new SeededRng(5), 0)
            .seal(new byte[] {1, 2, 3})
            .bytes()
            .toArray();
    bytes[where % bytes.length] ^= (byte) flip;
    boolean rejected;
    try {
      rejected = !SealedEnvelope.parse(bytes).signatureValid();
    } catch (SteleException e) {
      rejected = e.code().equals("sealed.malformed");
    }
    assertThat(rejected).isTrue();
  }

  @Test
  void parseRefusesTruncatedTrailingAndOversizedInput() {
    byte[] bytes =
        new OrderSealer(client, deal.announcement(), new SeededRng(5), 0)
            .seal(new byte[] {1})
            .bytes()
            .toArray();
    assertThatThrownBy(() -> SealedEnvelope.parse(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("codec.truncated");
    assertThatThrownBy(() -> SealedEnvelope.parse(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("codec.trailing");
    assertThatThrownBy(() -> SealedEnvelope.parse(new byte[SealedEnvelope.MAX_LENGTH + 1]))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("sealed.malformed");
    byte[] wrongVersion = bytes.clone();
    wrongVersion[0] = 3;
    assertThatThrownBy(() -> SealedEnvelope.parse(wrongVersion))
        .hasMessageContaining("version 3 is unknown");
    // Version 2 is a bundle member, which carries no signature of its own.
    byte[] memberWithSignature = bytes.clone();
    memberWithSignature[0] = 2;
    assertThatThrownBy(() -> SealedEnvelope.parse(memberWithSignature))
        .hasMessageContaining("64 unexpected trailing bytes");
  }

  @Test
  void sealerRefusesAnOversizedPayload() {
    OrderSealer sealer = new OrderSealer(client, deal.announcement(), new SeededRng(5), 0);
    assertThatThrownBy(() -> sealer.seal(new byte[SealedEnvelope.MAX_PAYLOAD_LENGTH + 1]))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("at most 4096 bytes");
  }
}

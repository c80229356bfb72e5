package io.stele.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final byte CHAIN = 'T';
  private final KeyPair alice = KeyPair.generate(new SeededRng(1));
  private final KeyPair bob = KeyPair.generate(new SeededRng(2));

  private static Bytes challenge(int seed) {
    byte[] bytes = new byte[32];
    new SeededRng(seed).nextBytes(bytes);
    return Bytes.wrap(bytes);
  }

  private static String code(Runnable action) {
    try {
      action.run();
    } catch (SteleException e) {
      return e.code();
    }
    throw new AssertionError("expected a rejection");
  }

  @Test
  void helloHasTheDocumentedLayout() {
    Bytes challenge = challenge(3);
    byte[] encoded = new Handshake.Hello(1, CHAIN, alice.publicKey(), challenge).encode();

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(0x10);
    expected.writeBytes("STLN".getBytes(StandardCharsets.US_ASCII));
    expected.write(1);
    expected.write('T');
    expected.writeBytes(alice.publicKey().bytes().toArray());
    expected.writeBytes(challenge.toArray());
    assertThat(encoded).isEqualTo(expected.toByteArray()).hasSize(71);
    assertThat(Handshake.HELLO_LENGTH).isEqualTo(71);
  }

  @Property
  void helloRoundTrips(@ForAll byte chainId, @ForAll long keySeed, @ForAll @Size(32) byte[] nonce) {
    KeyPair key = KeyPair.generate(new SeededRng(keySeed));
    Handshake.Hello hello = new Handshake.Hello(1, chainId, key.publicKey(), Bytes.of(nonce));
    assertThat(Handshake.Hello.decode(hello.encode())).isEqualTo(hello);
  }

  @Property
  void arbitraryBytesParseOrAreRejectedWithACode(@ForAll @Size(max = 100) byte[] bytes) {
    try {
      Handshake.Hello hello = Handshake.Hello.decode(bytes);
      assertThat(hello.encode()).isEqualTo(bytes);
    } catch (SteleException e) {
      assertThat(e.code()).startsWith("handshake.");
    }
  }

  @Test
  void malformedHellosAreRejectedWithTheirReason() {
    byte[] good = new Handshake.Hello(1, CHAIN, alice.publicKey(), challenge(3)).encode();

    byte[] badMagic = good.clone();
    badMagic[1] = 'X';
    assertThat(code(() -> Handshake.Hello.decode(badMagic))).isEqualTo("handshake.malformed");

    byte[] version2 = good.clone();
    version2[5] = 2;
    assertThat(code(() -> Handshake.Hello.decode(version2))).isEqualTo("handshake.version");

    byte[] proofKind = good.clone();
    proofKind[0] = 0x11;
    assertThat(code(() -> Handshake.Hello.decode(proofKind))).isEqualTo("handshake.unexpected");

    assertThat(code(() -> Handshake.Hello.decode(Arrays.copyOf(good, 70))))
        .isEqualTo("handshake.malformed");
    assertThat(code(() -> Handshake.Hello.decode(Arrays.copyOf(good, 72))))
        .isEqualTo("handshake.malformed");
  }

  @Test
  void proofSignsTheDocumentedTranscript() {
    Handshake.Hello bobs = new Handshake.Hello(1, CHAIN, bob.publicKey(), challenge(4));
    byte[] proof = Handshake.proof(alice, CHAIN, bobs);

    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    transcript.writeBytes("stele/net/handshake/v1".getBytes(StandardCharsets.US_ASCII));
    transcript.write(1);
    transcript.write('T');
    transcript.writeBytes(alice.publicKey().bytes().toArray());
    transcript.writeBytes(bob.publicKey().bytes().toArray());
    transcript.writeBytes(challenge(4).toArray());
    byte[] message = transcript.toByteArray();

    assertThat(proof).hasSize(65);
    assertThat(proof[0]).isEqualTo((byte) 0x11);
    assertThat(
            Ed25519.verify(
                proof, 1, alice.publicKey().bytes().toArray(), 0, message, 0, message.length))
        .isTrue();
  }

  @Test
  void proofVerifiesOnlyForTheChallengeKeysAndChainItWasMadeFor() {
    Handshake.Hello alices = new Handshake.Hello(1, CHAIN, alice.publicKey(), challenge(5));
    Handshake.Hello bobs = new Handshake.Hello(1, CHAIN, bob.publicKey(), challenge(6));
    byte[] proof = Handshake.proof(alice, CHAIN, bobs);

    Handshake.verify(proof, CHAIN, alices, bobs);

    Handshake.Hello bobsNext = new Handshake.Hello(1, CHAIN, bob.publicKey(), challenge(7));
    assertThat(code(() -> Handshake.verify(proof, CHAIN, alices, bobsNext)))
        .as("another challenge")
        .isEqualTo("handshake.bad_signature");
    assertThat(code(() -> Handshake.verify(proof, (byte) 'L', alices, bobs)))
        .as("another chain")
        .isEqualTo("handshake.bad_signature");
    Handshake.Hello bobAsAlice = new Handshake.Hello(1, CHAIN, bob.publicKey(), challenge(5));
    Handshake.Hello aliceAsBob = new Handshake.Hello(1, CHAIN, alice.publicKey(), challenge(6));
    assertThat(code(() -> Handshake.verify(proof, CHAIN, bobAsAlice, aliceAsBob)))
        .as("roles swapped")
        .isEqualTo("handshake.bad_signature");
    assertThat(code(() -> Handshake.verify(Arrays.copyOf(proof, 64), CHAIN, alices, bobs)))
        .isEqualTo("handshake.malformed");
  }
}

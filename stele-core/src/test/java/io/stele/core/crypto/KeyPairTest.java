package io.stele.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.random.SeededRng;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KeyPairTest {
  @Property(tries = 100)
  void aSignatureVerifiesAndBindsEveryBitOfTheMessage(
      @ForAll @Size(value = 32) byte[] seed,
      @ForAll @Size(min = 1, max = 200) byte[] message,
      @ForAll @IntRange(min = 0, max = 1599) int bit) {
    KeyPair key = KeyPair.fromSeed(seed);
    byte[] signature = key.sign(message);
    assertThat(key.publicKey().verify(message, signature)).isTrue();

    byte[] altered = message.clone();
    int at = bit % (message.length * 8);
    altered[at / 8] ^= (byte) (1 << (at % 8));
    assertThat(key.publicKey().verify(altered, signature)).isFalse();
  }

  /** Ed25519 signing is deterministic: same seed and message, same signature bytes. */
  @Property(tries = 50)
  void signingIsDeterministic(@ForAll @Size(value = 32) byte[] seed, @ForAll byte[] message) {
    assertThat(KeyPair.fromSeed(seed).sign(message))
        .isEqualTo(KeyPair.fromSeed(seed).sign(message));
  }

  @Test
  void anotherKeysSignatureDoesNotVerify() {
    KeyPair a = KeyPair.generate(new SeededRng(1));
    KeyPair b = KeyPair.generate(new SeededRng(2));
    byte[] message = "transfer 10 to 3JmCa4jL".getBytes();
    assertThat(b.publicKey().verify(message, a.sign(message))).isFalse();
  }

  @Test
  void aSignatureOfTheWrongLengthIsRejected() {
    KeyPair key = KeyPair.generate(new SeededRng(1));
    byte[] message = {1, 2, 3};
    byte[] signature = key.sign(message);
    assertThat(key.publicKey().verify(message, Arrays.copyOf(signature, 63))).isFalse();
    assertThat(key.publicKey().verify(message, Arrays.copyOf(signature, 65))).isFalse();
  }

  @Test
  void aDestroyedKeyNeitherSignsNorRevealsItsSeed() {
    KeyPair key = KeyPair.generate(new SeededRng(1));
    key.destroy();
    assertThatThrownBy(() -> key.sign(new byte[] {1}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has been destroyed");
    assertThatThrownBy(key::seed).isInstanceOf(IllegalStateException.class);
  }
}

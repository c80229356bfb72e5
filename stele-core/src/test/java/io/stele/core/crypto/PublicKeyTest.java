package io.stele.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.random.SeededRng;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublicKeyTest {
  private static final byte[] MESSAGE = "a transfer of 5 from A to B".getBytes();

  @Test
  void keysAreEqualByTheirBytesWhetherOrNotTheyHaveVerified() {
    KeyPair pair = KeyPair.generate(new SeededRng(7));
    PublicKey used = new PublicKey(Bytes.of(pair.publicKey().bytes().toArray()));
    PublicKey fresh = new PublicKey(Bytes.of(pair.publicKey().bytes().toArray()));
    assertThat(used.verify(MESSAGE, pair.sign(MESSAGE))).isTrue();
    assertThat(used).isEqualTo(fresh).hasSameHashCodeAs(fresh);
    assertThat(used.compareTo(fresh)).isZero();
    assertThat(used.toString()).isEqualTo(fresh.bytes().toBase58());
  }

  @Test
  void aKeyThatIsNotACanonicalPointVerifiesNothingEveryTime() {
    // y = 2^255 - 1 is not below the field prime 2^255 - 19: not a canonical encoding.
    byte[] encoded = new byte[32];
    Arrays.fill(encoded, (byte) 0xff);
    encoded[31] = 0x7f;
    PublicKey key = new PublicKey(Bytes.wrap(encoded));
    byte[] signature = KeyPair.generate(new SeededRng(8)).sign(MESSAGE);
    assertThat(key.verify(MESSAGE, signature)).isFalse();
    assertThat(key.verify(MESSAGE, signature)).isFalse();
  }

  @Test
  void threadsSharingAFreshKeyAllGetTheRightAnswers() {
    KeyPair pair = KeyPair.generate(new SeededRng(9));
    PublicKey key = new PublicKey(Bytes.of(pair.publicKey().bytes().toArray()));
    byte[] good = pair.sign(MESSAGE);
    byte[] bad = good.clone();
    bad[5] ^= 1;
    List<Boolean> results =
        IntStream.range(0, 64)
            .parallel()
            .mapToObj(i -> key.verify(MESSAGE, i % 2 == 0 ? good : bad))
            .toList();
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i)).as("check " + i).isEqualTo(i % 2 == 0);
    }
  }

  @Test
  void freshKeyObjectsOfManyAccountsVerifyOnlyTheirOwnSignaturesRoundAfterRound() {
    // More keys than fit without sharing slots of the shared point cache: a key must never be
    // checked with another key's point, whichever was decoded last.
    SeededRng rng = new SeededRng(10);
    int accounts = 300;
    byte[][] keys = new byte[accounts][];
    byte[][] signatures = new byte[accounts][];
    for (int i = 0; i < accounts; i++) {
      KeyPair pair = KeyPair.generate(rng);
      keys[i] = pair.publicKey().bytes().toArray();
      signatures[i] = pair.sign(MESSAGE);
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < accounts; i++) {
        PublicKey own = new PublicKey(Bytes.of(keys[i]));
        PublicKey next = new PublicKey(Bytes.of(keys[(i + 1) % accounts]));
        assertThat(own.verify(MESSAGE, signatures[i])).as("account " + i).isTrue();
        assertThat(next.verify(MESSAGE, signatures[i])).as("account " + i + "'s by next").isFalse();
      }
    }
  }

  @Test
  void aFreshObjectOfAnInvalidKeyStaysInvalidAfterAValidKeyVerified() {
    byte[] invalid = new byte[32];
    Arrays.fill(invalid, (byte) 0xff);
    invalid[31] = 0x7f;
    KeyPair pair = KeyPair.generate(new SeededRng(11));
    byte[] signature = pair.sign(MESSAGE);
    for (int i = 0; i < 3; i++) {
      assertThat(new PublicKey(Bytes.of(invalid)).verify(MESSAGE, signature)).isFalse();
      assertThat(
              new PublicKey(Bytes.of(pair.publicKey().bytes().toArray()))
                  .verify(MESSAGE, signature))
          .isTrue();
    }
  }
}

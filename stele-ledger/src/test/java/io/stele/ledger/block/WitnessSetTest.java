package io.stele.ledger.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WitnessSetTest {

  private static PublicKey key(int first) {
    byte[] b = new byte[32];
    b[0] = (byte) first;
    b[31] = 7;
    return new PublicKey(Bytes.wrap(b));
  }

  @Test
  void theHashCoversTheCountThenTheKeysInAscendingByteOrder() throws NoSuchAlgorithmException {
    // 0x90 sorts after 0x10 as an unsigned byte, before it as a signed one.
    PublicKey high = key(0x90);
    PublicKey low = key(0x10);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(new byte[] {0, 2});
    sha.update(low.bytes().toArray());
    sha.update(high.bytes().toArray());
    Bytes expected = Bytes.wrap(sha.digest());

    assertThat(new WitnessSet(3, List.of(high, low)).hash()).isEqualTo(expected);
  }

  @Property(tries = 50)
  void reRankingTheSameWitnessesKeepsTheHash(
      @ForAll @Size(min = 1, max = 21) List<@Size(32) byte[]> keys) {
    List<PublicKey> ranked = new ArrayList<>();
    keys.forEach(k -> ranked.add(new PublicKey(Bytes.of(k))));
    List<PublicKey> reversed = new ArrayList<>(ranked);
    Collections.reverse(reversed);
    assertThat(new WitnessSet(1, reversed).hash()).isEqualTo(new WitnessSet(0, ranked).hash());
  }

  @Test
  void anotherMemberChangesTheHash() {
    WitnessSet genesis = new WitnessSet(0, List.of(key(1), key(2), key(3), key(4)));
    WitnessSet replaced = new WitnessSet(1, List.of(key(1), key(2), key(3), key(5)));
    WitnessSet fewer = new WitnessSet(1, List.of(key(1), key(2), key(3)));
    assertThat(replaced.hash()).isNotEqualTo(genesis.hash());
    assertThat(fewer.hash()).isNotEqualTo(genesis.hash());
    assertThat(Arrays.asList(genesis.hash(), replaced.hash(), fewer.hash()))
        .doesNotHaveDuplicates();
  }
}

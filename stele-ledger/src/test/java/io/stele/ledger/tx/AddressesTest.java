package io.stele.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AddressesTest {

  @Property(tries = 200)
  void aRememberedAddressIsTheOneTheKeyGivesOnThatChain(
      @ForAll @IntRange(min = 0, max = 49) int account,
      @ForAll @IntRange(min = 65, max = 70) int chain) {
    // 50 accounts on 6 chains, drawn again and again: most lookups find an earlier result.
    PublicKey key = KeyPair.generate(new SeededRng(account)).publicKey();
    PublicKey fresh = new PublicKey(Bytes.of(key.bytes().toArray()));
    Address expected = Address.of(key, (byte) chain);
    assertThat(Addresses.of(fresh, (byte) chain)).isEqualTo(expected);
    assertThat(Addresses.of(fresh, (byte) chain).chainId()).isEqualTo((byte) chain);
    assertThat(Addresses.decode(Bytes.of(expected.bytes().toArray()))).isEqualTo(expected);
  }

  @Test
  void aBadChecksumIsRefusedEveryTimeEvenAfterTheGoodAddressWasDecoded() {
    Address good = Address.of(KeyPair.generate(new SeededRng(3)).publicKey(), (byte) 'T');
    byte[] bad = good.bytes().toArray();
    bad[25] ^= 1;
    for (int i = 0; i < 3; i++) {
      assertThat(Addresses.decode(Bytes.of(good.bytes().toArray()))).isEqualTo(good);
      assertThatThrownBy(() -> Addresses.decode(Bytes.of(bad)))
          .isInstanceOfSatisfying(
              SteleException.class, e -> assertThat(e.code()).isEqualTo("address.checksum"));
    }
  }
}

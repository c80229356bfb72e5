package io.stele.ledger.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalityCertificateTest {
  private static final byte CHAIN = 'T';
  private final SeededRng rng = new SeededRng(9);
  private final List<KeyPair> keys = new ArrayList<>();
  private final WitnessSet witnesses;
  private final BlockHeader header;

  FinalityCertificateTest() {
    for (int i = 0; i < 4; i++) {
      keys.add(KeyPair.generate(rng));
    }
    witnesses = new WitnessSet(0, keys.stream().map(KeyPair::publicKey).toList());
    Bytes zero = Bytes.wrap(new byte[32]);
    header =
        new BlockHeader(
            CHAIN,
            7,
            zero,
            1,
            keys.get(0).publicKey(),
            zero,
            zero,
            zero,
            0,
            zero,
            witnesses.hash(),
            0);
  }

  private FinalityCertificate signedBy(List<KeyPair> signers) {
    List<Confirmation> cs = new ArrayList<>();
    signers.forEach(k -> cs.add(Confirmation.sign(k, CHAIN, 7, header.hash())));
    return new FinalityCertificate(CHAIN, 7, header.hash(), cs);
  }

  private void fails(FinalityCertificate c, String code) {
    assertThatThrownBy(() -> c.verify(header, witnesses))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  @Test
  void thresholdIsTheCeilingOfTwoThirds() {
    int[][] expected = {{1, 1}, {2, 2}, {3, 2}, {4, 3}, {5, 4}, {6, 4}, {7, 5}, {21, 14}, {22, 15}};
    for (int[] row : expected) {
      List<PublicKey> set = new ArrayList<>();
      for (int i = 0; i < row[0]; i++) {
        set.add(KeyPair.generate(rng).publicKey());
      }
      assertThat(new WitnessSet(0, set).threshold()).as("N=" + row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void threeOfFourFinalizeAndTwoDoNot() {
    assertThatNoException()
        .isThrownBy(() -> signedBy(keys.subList(0, 3)).verify(header, witnesses));
    fails(signedBy(keys.subList(0, 2)), "certificate.threshold");
  }

  @Test
  void aWitnessConfirmingTwiceCountsOnce() {
    fails(signedBy(List.of(keys.get(0), keys.get(1), keys.get(1))), "certificate.duplicate");
  }

  @Test
  void confirmationFromOutsideTheWitnessSetIsRejected() {
    fails(
        signedBy(List.of(keys.get(0), keys.get(1), KeyPair.generate(rng))), "certificate.witness");
  }

  @Test
  void confirmationOfAnotherHeightIsABadSignature() {
    List<Confirmation> cs = new ArrayList<>(signedBy(keys.subList(0, 2)).confirmations());
    cs.add(Confirmation.sign(keys.get(2), CHAIN, 8, header.hash()));
    fails(new FinalityCertificate(CHAIN, 7, header.hash(), cs), "certificate.signature");
  }

  @Test
  void certificateForAnotherHeaderIsRejected() {
    FinalityCertificate c = signedBy(keys.subList(0, 3));
    fails(
        new FinalityCertificate(CHAIN, 7, Bytes.wrap(new byte[32]), c.confirmations()),
        "certificate.header");
    fails(
        new FinalityCertificate((byte) 'X', 7, header.hash(), c.confirmations()),
        "certificate.chain");
  }

  @Test
  void encodingRoundTrips() {
    FinalityCertificate c = signedBy(keys);
    assertThat(FinalityCertificate.decode(c.encode())).isEqualTo(c);
    assertThat(c.encode()).hasSize(43 + 96 * 4);
  }
}

package io.stele.ledger.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.nio.ByteBuffer;
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

  private static final int ROUND = 3;

  private FinalityCertificate signedBy(List<KeyPair> signers) {
    List<Confirmation> cs = new ArrayList<>();
    signers.forEach(k -> cs.add(Confirmation.sign(k, CHAIN, 7, ROUND, header.hash())));
    return new FinalityCertificate(CHAIN, 7, ROUND, header.hash(), cs);
  }

  private void fails(FinalityCertificate c, String code) {
    assertThatThrownBy(() -> c.verify(header, witnesses))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  @Test
  void thresholdIsStrictlyMoreThanTwoThirds() {
    // floor(2N/3) + 1, worked out by hand: 3 of 3 and 5 of 6, where ceil(2N/3) would allow 2 and 4.
    int[][] expected = {{1, 1}, {2, 2}, {3, 3}, {4, 3}, {5, 4}, {6, 5}, {7, 5}, {21, 15}, {22, 15}};
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
    cs.add(Confirmation.sign(keys.get(2), CHAIN, 8, ROUND, header.hash()));
    fails(new FinalityCertificate(CHAIN, 7, ROUND, header.hash(), cs), "certificate.signature");
  }

  @Test
  void confirmationOfAnotherRoundIsABadSignature() {
    List<Confirmation> cs = new ArrayList<>(signedBy(keys.subList(0, 2)).confirmations());
    cs.add(Confirmation.sign(keys.get(2), CHAIN, 7, ROUND + 1, header.hash()));
    fails(new FinalityCertificate(CHAIN, 7, ROUND, header.hash(), cs), "certificate.signature");
  }

  @Test
  void aPrevoteIsNotAConfirmation() {
    List<Confirmation> cs = new ArrayList<>(signedBy(keys.subList(0, 2)).confirmations());
    byte[] prevote =
        Confirmation.message(Confirmation.VoteType.PREVOTE, CHAIN, 7, ROUND, header.hash());
    cs.add(new Confirmation(keys.get(2).publicKey(), Bytes.wrap(keys.get(2).sign(prevote))));
    fails(new FinalityCertificate(CHAIN, 7, ROUND, header.hash(), cs), "certificate.signature");
  }

  @Test
  void theSignedMessageIsTypeChainHeightRoundAndHash() {
    byte[] expected =
        ByteBuffer.allocate(46)
            .put((byte) 2)
            .put(CHAIN)
            .putLong(7)
            .putInt(ROUND)
            .put(header.hash().unsafeArray())
            .array();
    assertThat(Confirmation.message(CHAIN, 7, ROUND, header.hash())).isEqualTo(expected);
    expected[0] = 1;
    assertThat(Confirmation.message(Confirmation.VoteType.PREVOTE, CHAIN, 7, ROUND, header.hash()))
        .isEqualTo(expected);
  }

  @Test
  void certificateForAnotherHeaderIsRejected() {
    FinalityCertificate c = signedBy(keys.subList(0, 3));
    fails(
        new FinalityCertificate(CHAIN, 7, ROUND, Bytes.wrap(new byte[32]), c.confirmations()),
        "certificate.header");
    fails(
        new FinalityCertificate((byte) 'X', 7, ROUND, header.hash(), c.confirmations()),
        "certificate.chain");
  }

  @Test
  void encodingRoundTrips() {
    FinalityCertificate c = signedBy(keys);
    assertThat(FinalityCertificate.decode(c.encode())).isEqualTo(c);
    assertThat(c.encode()).hasSize(47 + 96 * 4);
  }

  @Test
  void aRoundAboveTheSignedRangeOrAnOversizedCertificateIsRefused() {
    byte[] bytes = signedBy(keys).encode();
    bytes[9] = (byte) 0x80; // round 0x80000003
    assertThatThrownBy(() -> FinalityCertificate.decode(bytes))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("codec.range");
    assertThatThrownBy(
            () -> FinalityCertificate.decode(new byte[FinalityCertificate.MAX_BYTES + 1]))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("certificate.too_large");
  }
}

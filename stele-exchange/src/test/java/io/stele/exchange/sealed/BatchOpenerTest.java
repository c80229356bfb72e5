package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOpenerTest {
  private static final int CHAIN = 'T';
  private final SeededRng rng = new SeededRng(31);
  private final EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
  private final KeyPair alice = KeyPair.generate(rng);
  private final KeyPair bob = KeyPair.generate(rng);

  private EpochKey key() {
    return EpochKey.recover(deal.announcement(), deal.shares().subList(1, 3));
  }

  /** A correctly signed envelope whose body was not made by {@link OrderSealer}. */
  private SealedEnvelope handMade(
      KeyPair client, long counter, byte[] agreementKey, byte[] ciphertext) {
    byte[] header =
        SealedEnvelope.header(
            SealedEnvelope.VERSION,
            CHAIN,
            0,
            deal.announcement().publicKey().toArray(),
            client.publicKey(),
            counter,
            agreementKey);
    byte[] unsigned = new ByteWriter().fixed(header).bytes32(ciphertext).toByteArray();
    return SealedEnvelope.parse(
        new ByteWriter().fixed(unsigned).fixed(client.sign(unsigned)).toByteArray());
  }

  @Test
  void opensInSealedOrderAndPublishesWhatDidNotOpen() {
    OrderSealer a = new OrderSealer(alice, deal.announcement(), rng, 0);
    OrderSealer b = new OrderSealer(bob, deal.announcement(), rng, 0);
    SealedEnvelope a0 = a.seal(bytes("A0"));
    SealedEnvelope b0 = b.seal(bytes("B0"));
    SealedEnvelope garbage = handMade(bob, 5, b0.agreementKey(), new byte[40]);
    SealedEnvelope lowOrder = handMade(alice, 9, new byte[32], new byte[20]);
    SealedEnvelope a1 = a.seal(bytes("A1"));
    SealedBatch batch =
        SealedBatch.seal(1, 0, SealedBatch.GENESIS, List.of(b0, garbage, a0, lowOrder, a1));

    OpenedBatch opened = new BatchOpener(key()).open(batch);

    assertThat(opened.orders())
        .extracting(
            o -> o.position() + " " + new String(o.payload().toArray(), StandardCharsets.UTF_8))
        .containsExactly("0 B0", "2 A0", "4 A1");
    assertThat(opened.orders().get(0).client()).isEqualTo(bob.publicKey());
    assertThat(opened.rejections())
        .extracting(r -> r.position() + " " + r.code())
        .containsExactly("1 sealed.undecryptable", "3 sealed.bad_agreement");
    assertThat(opened.batchHash()).isEqualTo(batch.hash());
  }

  @Test
  void openingInParallelGivesWhatOpeningInOrderGives() {
    // 1,200 envelopes (several chunks), bundles and singles, with the two that do not open.
    OrderSealer a = new OrderSealer(alice, deal.announcement(), rng, 0);
    OrderSealer b = new OrderSealer(bob, deal.announcement(), rng, 0);
    List<SealedEnvelope> envelopes = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      payloads.add(bytes("A" + i));
    }
    for (int round = 0; round < 6; round++) {
      envelopes.addAll(a.sealBundle(payloads).members());
      for (int i = 0; i < 99; i++) {
        envelopes.add(b.seal(bytes("B" + round + "." + i)));
      }
      envelopes.add(handMade(alice, 1_000 + round, new byte[32], new byte[20]));
    }
    envelopes.set(700, handMade(bob, 5_000, envelopes.get(1).agreementKey(), new byte[40]));
    SealedBatch batch = SealedBatch.seal(1, 0, SealedBatch.GENESIS, envelopes);

    OpenedBatch inOrder = new BatchOpener(key()).open(batch);
    OpenedBatch inParallel = new BatchOpener(key()).openInParallel(batch);

    assertThat(inParallel).isEqualTo(inOrder);
    assertThat(inOrder.orders()).hasSize(1_200 - 7);
    assertThat(inOrder.rejections())
        .extracting(r -> r.position() + " " + r.code())
        .contains("199 sealed.bad_agreement", "700 sealed.undecryptable");
  }

  @Test
  void anEnvelopeMovedToAnotherCounterNoLongerOpens() {
    OrderSealer a = new OrderSealer(alice, deal.announcement(), rng, 0);
    SealedEnvelope original = a.seal(bytes("buy"));
    byte[] bytes = original.bytes().toArray();
    int length = original.ciphertextLength();
    byte[] ciphertext = Arrays.copyOfRange(bytes, 118, 118 + length);
    // Alice re-signs the same ciphertext under counter 1: the header is the associated data.
    SealedEnvelope moved = handMade(alice, 1, original.agreementKey(), ciphertext);
    OpenedBatch opened =
        new BatchOpener(key())
            .open(SealedBatch.seal(1, 0, SealedBatch.GENESIS, List.of(original, moved)));
    assertThat(opened.orders())
        .extracting(OpenedBatch.Order::payload)
        .containsExactly(Bytes.wrap(bytes("buy")));
    assertThat(opened.rejections())
        .extracting(OpenedBatch.Rejection::code)
        .containsExactly("sealed.undecryptable");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SequencerTest {
  private static final int CHAIN = 'T';
  private final SeededRng rng = new SeededRng(11);
  private final ManualClock clock = new ManualClock(1_000);
  private final EpochKey.Deal epoch0 = EpochKey.deal(CHAIN, 0, 2, 3, rng);
  private final SequencerConfig config = new SequencerConfig(CHAIN, 3, 50, 2);
  private final Sequencer sequencer = new Sequencer(config, clock, epoch0.announcement());
  private final KeyPair alice = KeyPair.generate(rng);
  private final OrderSealer aliceSealer = new OrderSealer(alice, epoch0.announcement(), rng, 0);

  private static String code(Runnable action) {
    try {
      action.run();
    } catch (SteleException e) {
      return e.code();
    }
    throw new AssertionError("expected a rejection");
  }

  private byte[] next() {
    return aliceSealer.seal(new byte[] {1}).bytes().toArray();
  }

  @Test
  void sealsABatchWhenFullAndChainsItByHash() throws Exception {
    List<byte[]> sent = List.of(next(), next(), next());
    assertThat(sequencer.admit(sent.get(0))).isEmpty();
    assertThat(sequencer.admit(sent.get(1))).isEmpty();
    SealedBatch batch = sequencer.admit(sent.get(2)).orElseThrow();

    assertThat(batch.sequence()).isEqualTo(1);
    assertThat(batch.epoch()).isZero();
    assertThat(batch.envelopes())
        .extracting(e -> e.bytes().toArray())
        .containsExactlyElementsOf(sent);
    // RFC 6962 root of three leaves, and the link hash, computed here with MessageDigest.
    byte[][] leaves = new byte[3][];
    for (int i = 0; i < 3; i++) {
      leaves[i] = sha256(new byte[] {0}, sent.get(i));
    }
    byte[] root = sha256(new byte[] {1}, sha256(new byte[] {1}, leaves[0], leaves[1]), leaves[2]);
    assertThat(batch.merkleRoot().toArray()).isEqualTo(root);
    assertThat(batch.hash().toArray()).isEqualTo(sha256(new byte[32], root));

    SealedBatch second = admitAll(next(), next(), next()).orElseThrow();
    assertThat(second.previousHash()).isEqualTo(batch.hash());
    assertThat(second.sequence()).isEqualTo(2);
  }

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  private Optional<SealedBatch> admitAll(byte[]... envelopes) {
    Optional<SealedBatch> last = Optional.empty();
    for (byte[] envelope : envelopes) {
      last = sequencer.admit(envelope);
    }
    return last;
  }

  @Test
  void sealsAPartialBatchOnlyOnceTheIntervalHasPassed() {
    sequencer.admit(next());
    clock.advance(49);
    assertThat(sequencer.tick()).isEmpty();
    clock.advance(1);
    assertThat(sequencer.tick()).get().extracting(b -> b.envelopes().size()).isEqualTo(1);
    assertThat(sequencer.tick()).isEmpty();
  }

  @Test
  void anIdleEpochClosesWithAnEmptyBatchOneIntervalLater() {
    assertThat(sequencer.tick()).isEmpty();
    clock.advance(500);
    assertThat(sequencer.tick()).as("no batch yet in the epoch: nothing to close").isEmpty();
    sequencer.admit(next());
    clock.advance(50);
    SealedBatch first = sequencer.tick().orElseThrow();
    clock.advance(49);
    assertThat(sequencer.tick()).isEmpty();
    clock.advance(1);
    SealedBatch empty = sequencer.tick().orElseThrow();
    assertThat(empty.envelopes()).isEmpty();
    assertThat(empty.previousHash()).isEqualTo(first.hash());
    assertThat(sequencer.epochClosed()).isTrue();
    clock.advance(1_000);
    assertThat(sequencer.tick()).as("a closed epoch gets no more batches").isEmpty();
  }

  @Test
  void refusesARepeatedOrEarlierCounterAndChangesNothing() {
    byte[] first = next();
    byte[] second = next();
    sequencer.admit(second);
    assertThat(code(() -> sequencer.admit(second))).isEqualTo("sealed.replayed_counter");
    assertThat(code(() -> sequencer.admit(first))).isEqualTo("sealed.replayed_counter");
    clock.advance(50);
    assertThat(sequencer.tick()).get().extracting(b -> b.envelopes().size()).isEqualTo(1);
  }

  @Test
  void refusesABadSignatureAnotherChainAndMalformedBytes() {
    byte[] forged = next();
    forged[forged.length - 1] ^= 1;
    assertThat(code(() -> sequencer.admit(forged))).isEqualTo("sealed.bad_signature");
    EpochKey.Deal otherChain = EpochKey.deal('W', 0, 2, 3, rng);
    byte[] foreign =
        new OrderSealer(alice, otherChain.announcement(), rng, 0)
            .seal(new byte[] {1})
            .bytes()
            .toArray();
    assertThat(code(() -> sequencer.admit(foreign))).isEqualTo("sealed.wrong_chain");
    assertThat(code(() -> sequencer.admit(new byte[] {1, 2, 3}))).isEqualTo("sealed.malformed");
    EpochKey.Deal impostor = EpochKey.deal(CHAIN, 0, 2, 3, rng);
    byte[] misdirected =
        new OrderSealer(alice, impostor.announcement(), rng, 100)
            .seal(new byte[] {1})
            .bytes()
            .toArray();
    assertThat(code(() -> sequencer.admit(misdirected))).isEqualTo("sealed.wrong_epoch_key");
    // A forged envelope does not burn the counter: the genuine one is still admitted.
    byte[] genuine = forged.clone();
    genuine[genuine.length - 1] ^= 1;
    assertThat(sequencer.admit(genuine)).isEmpty();
  }

  @Test
  void anEnvelopeCheckedOnAnotherThreadIsJudgedTheSame() throws Exception {
    byte[] forged = next();
    forged[forged.length - 1] ^= 1;
    SealedEnvelope checked = SealedEnvelope.parse(forged);
    Thread verifier = new Thread(checked::signatureValid);
    verifier.start();
    verifier.join();
    assertThat(code(() -> sequencer.admit(checked))).isEqualTo("sealed.bad_signature");
    forged[forged.length - 1] ^= 1;
    assertThat(sequencer.admit(SealedEnvelope.parse(forged))).isEmpty();
  }

  @Test
  void rotatesEpochsAndRefusesEnvelopesForClosedOrUnopenedEpochs() {
    EpochKey.Deal epoch1 = EpochKey.deal(CHAIN, 1, 2, 3, rng);
    byte[] early =
        new OrderSealer(alice, epoch1.announcement(), rng, 0)
            .seal(new byte[] {1})
            .bytes()
            .toArray();
    assertThat(code(() -> sequencer.admit(early))).isEqualTo("sealed.unknown_epoch");
    assertThat(code(() -> sequencer.openEpoch(epoch1.announcement())))
        .isEqualTo("sealed.epoch_open");

    admitAll(next(), next(), next()).orElseThrow();
    admitAll(next(), next(), next()).orElseThrow();
    assertThat(sequencer.epochClosed()).isTrue();
    byte[] late = next();
    assertThat(code(() -> sequencer.admit(late))).isEqualTo("sealed.closed_epoch");

    sequencer.openEpoch(epoch1.announcement());
    assertThat(code(() -> sequencer.admit(late))).isEqualTo("sealed.closed_epoch");
    assertThat(sequencer.admit(early)).isEmpty();
  }

  @Property(tries = 20)
  void theSameInputsGiveTheSameBatches(@ForAll long seed) {
    assertThat(run(seed)).isEqualTo(run(seed));
  }

  private static List<Bytes> run(long seed) {
    SeededRng random = new SeededRng(seed);
    EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, random);
    ManualClock time = new ManualClock(0);
    Sequencer s = new Sequencer(new SequencerConfig(CHAIN, 4, 10, 100), time, deal.announcement());
    List<OrderSealer> sealers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sealers.add(new OrderSealer(KeyPair.generate(random), deal.announcement(), random, 0));
    }
    List<Bytes> hashes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      s.admit(sealers.get(random.nextInt(3)).seal(new byte[] {(byte) i}).bytes().toArray())
          .ifPresent(b -> hashes.add(b.hash()));
      time.advance(random.nextInt(8));
      s.tick().ifPresent(b -> hashes.add(b.hash()));
    }
    return hashes;
  }
}

package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sequencer opened on a {@link SequencerLog} loses nothing it acknowledged across a restart: the
 * open batch keeps its envelopes, used counters stay used, and the chain continues from the last
 * sealed batch, both after a clean stop and after kill -9 of a child JVM whose concurrent admitters
 * share fsyncs (group commit).
 */
class SequencerRestartTest {
  static final int CHAIN = 'T';

  @TempDir Path dir;
  private final SeededRng rng = new SeededRng(5);
  private final ManualClock clock = new ManualClock(1_000);
  private final EpochKey.Deal epoch0 = EpochKey.deal(CHAIN, 0, 2, 3, rng);
  private final EpochKey.Deal epoch1 = EpochKey.deal(CHAIN, 1, 2, 3, rng);
  private final SequencerConfig config = new SequencerConfig(CHAIN, 3, 50, 1);
  private final KeyPair alice = KeyPair.generate(rng);

  private Sequencer.Recovered open() {
    return Sequencer.recover(
        config, clock, SequencerLog.open(dir.resolve("sequencer.log")), epoch0::announcement);
  }

  @Test
  void aRestartKeepsTheOpenBatchTheCountersAndTheChain() {
    OrderSealer sealer0 = new OrderSealer(alice, epoch0.announcement(), rng, 0);
    Sequencer first = open().sequencer();
    first.admit(sealer0.seal(new byte[] {1}).bytes().toArray());
    first.admit(sealer0.seal(new byte[] {2}).bytes().toArray());
    SealedBatch batch1 = first.admit(sealer0.seal(new byte[] {3}).bytes().toArray()).orElseThrow();
    first.openEpoch(epoch1.announcement());
    OrderSealer sealer1 = new OrderSealer(alice, epoch1.announcement(), rng, 0);
    byte[] waiting = sealer1.seal(new byte[] {4}).bytes().toArray();
    first.admit(waiting);

    // A plain sequencer given the same inputs: what the restarted one must go on to produce.
    ManualClock referenceClock = new ManualClock(1_000);
    Sequencer reference = new Sequencer(config, referenceClock, epoch0.announcement());
    for (SealedEnvelope e : batch1.envelopes()) {
      reference.admit(e);
    }
    reference.openEpoch(epoch1.announcement());
    reference.admit(waiting);

    Sequencer.Recovered again = open();
    Sequencer restarted = again.sequencer();
    assertThat(again.batches()).containsExactly(batch1);
    assertThat(restarted.lastSequence()).isEqualTo(1);
    assertThat(restarted.lastHash()).isEqualTo(batch1.hash());
    assertThat(restarted.epoch()).isEqualTo(epoch1.announcement());
    assertThat(restarted.pendingEnvelopes()).isEqualTo(1);
    // The counter of the envelope admitted before the stop is still used.
    assertThatThrownBy(() -> restarted.admit(waiting))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("sealed.replayed_counter"));

    clock.advance(50);
    referenceClock.advance(50);
    SealedBatch batch2 = restarted.tick().orElseThrow();
    SealedBatch expected = reference.tick().orElseThrow();
    assertThat(batch2.previousHash()).isEqualTo(batch1.hash());
    assertThat(batch2.sequence()).isEqualTo(2);
    assertThat(batch2.envelopes())
        .extracting(SealedEnvelope::bytes)
        .containsExactly(Bytes.wrap(waiting));
    assertThat(batch2).isEqualTo(expected);
  }

  @Test
  void aTornLastRecordWasNeverAcknowledgedAndIsCutOff() throws Exception {
    OrderSealer sealer = new OrderSealer(alice, epoch0.announcement(), rng, 0);
    Sequencer first = open().sequencer();
    first.admit(sealer.seal(new byte[] {1}).bytes().toArray());
    Path log = dir.resolve("sequencer.log");
    long whole = Files.size(log);
    Files.write(log, new byte[] {0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);

    Sequencer restarted = open().sequencer();
    assertThat(restarted.pendingEnvelopes()).isEqualTo(1);
    assertThat(Files.size(log)).isEqualTo(whole);
    restarted.admit(sealer.seal(new byte[] {2}).bytes().toArray());
    assertThat(open().sequencer().pendingEnvelopes()).isEqualTo(2);
  }

  @Test
  void aBatchFilledButNotSealedBeforeAStopIsSealedOnRecovery() throws Exception {
    OrderSealer sealer = new OrderSealer(alice, epoch0.announcement(), rng, 0);
    Sequencer.Recovered first = open();
    first.sequencer().admit(sealer.seal(new byte[] {1}).bytes().toArray());
    first.sequencer().admit(sealer.seal(new byte[] {2}).bytes().toArray());
    SealedBatch full =
        first.sequencer().admit(sealer.seal(new byte[] {3}).bytes().toArray()).orElseThrow();
    // Cut the seal record (8 bytes of framing, kind, time): as if stopped just before writing it.
    Path log = dir.resolve("sequencer.log");
    byte[] bytes = Files.readAllBytes(log);
    Files.write(log, java.util.Arrays.copyOf(bytes, bytes.length - 17));

    Sequencer.Recovered again = open();
    assertThat(again.batches()).containsExactly(full);
    assertThat(again.sequencer().pendingEnvelopes()).isZero();
    assertThat(again.sequencer().lastHash()).isEqualTo(full.hash());
  }

  private static Map<PublicKey, List<String>> byClient(List<String> envelopesHex) {
    Map<PublicKey, List<String>> out = new HashMap<>();
    for (String hex : envelopesHex) {
      PublicKey client = SealedEnvelope.parse(HexFormat.of().parseHex(hex)).client();
      out.computeIfAbsent(client, c -> new ArrayList<>()).add(hex);
    }
    return out;
  }

  @Test
  void noAdmittedEnvelopeIsLostToKillDashNine() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                SequencerCrashChild.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && acknowledged.size() < 200) {
        if (line.startsWith("admitted ")) {
          acknowledged.add(line.substring(9));
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertThat(acknowledged).hasSize(200);

    Sequencer.Recovered r = SequencerCrashChild.open(dir, new ManualClock(1L << 40));
    List<String> held = new ArrayList<>();
    Bytes previous = SealedBatch.GENESIS;
    for (SealedBatch b : r.batches()) {
      assertThat(b.previousHash()).isEqualTo(previous);
      previous = b.hash();
      b.envelopes().forEach(e -> held.add(e.bytes().toHex()));
    }
    assertThat(r.sequencer().lastHash()).isEqualTo(previous);
    SealedBatch open = r.sequencer().tick().orElse(null);
    if (open != null) {
      open.envelopes().forEach(e -> held.add(e.bytes().toHex()));
    }
    // Each client's acknowledged envelopes are held, in the order it sent them, before any of its
    // envelopes that were logged but not acknowledged; nothing is held twice.
    assertThat(held).doesNotHaveDuplicates();
    Map<PublicKey, List<String>> ackedByClient = byClient(acknowledged);
    Map<PublicKey, List<String>> heldByClient = byClient(held);
    assertThat(ackedByClient).hasSize(SequencerCrashChild.ADMITTERS);
    ackedByClient.forEach(
        (client, acked) ->
            assertThat(heldByClient.get(client).subList(0, acked.size())).isEqualTo(acked));
  }
}

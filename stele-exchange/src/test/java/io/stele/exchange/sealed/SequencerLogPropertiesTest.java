package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Replay determinism of the sequencer log: a logged sequencer stopped and recovered at any point of
 * a run of admissions (refused ones included) and ticks seals exactly the batches, and refuses
 * exactly the envelopes, that a sequencer running without a stop does.
 */
class SequencerLogPropertiesTest {
  static final int CHAIN = 'P';
  static final int ENVELOPES = 24;
  static final SequencerConfig CONFIG = new SequencerConfig(CHAIN, 4, 50, 1_000);

  private static final EpochAnnouncement EPOCH;
  private static final List<SealedEnvelope> SEALED = new ArrayList<>();

  static {
    SeededRng rng = new SeededRng(21);
    EPOCH = EpochKey.deal(CHAIN, 0, 2, 3, rng).announcement();
    List<OrderSealer> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clients.add(new OrderSealer(KeyPair.generate(rng), EPOCH, rng, 0));
    }
    for (int i = 0; i < ENVELOPES; i++) {
      SEALED.add(clients.get(i % 3).seal(new byte[] {(byte) i}));
    }
  }

  /** Op below ENVELOPES: admit that envelope; otherwise advance the clock and tick. */
  @Property(tries = 25)
  void aRestartAnywhereChangesNothing(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = ENVELOPES + 9) Integer> ops,
      @ForAll @IntRange(min = 0, max = 40) int restartAt)
      throws IOException {
    ManualClock plainClock = new ManualClock(1_000);
    Sequencer plain = new Sequencer(CONFIG, plainClock, EPOCH);
    List<String> expected = new ArrayList<>();
    for (int op : ops) {
      expected.add(step(plain, plainClock, op));
    }

    Path dir = Files.createTempDirectory("sequencer-log");
    try {
      ManualClock clock = new ManualClock(1_000);
      SequencerLog log = SequencerLog.open(dir.resolve("log"));
      Sequencer logged = Sequencer.recover(CONFIG, clock, log, () -> EPOCH).sequencer();
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        if (i == restartAt) {
          log.close();
          log = SequencerLog.open(dir.resolve("log"));
          logged = Sequencer.recover(CONFIG, clock, log, () -> EPOCH).sequencer();
        }
        seen.add(step(logged, clock, ops.get(i)));
      }
      log.close();
      assertThat(seen).isEqualTo(expected);
      assertThat(logged.lastHash()).isEqualTo(plain.lastHash());
      assertThat(logged.pendingEnvelopes()).isEqualTo(plain.pendingEnvelopes());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static String step(Sequencer s, ManualClock clock, int op) {
    if (op >= ENVELOPES) {
      clock.advance((op - ENVELOPES) * 10L);
      return s.tick().map(b -> b.sequence() + ":" + b.hash().toHex()).orElse("-");
    }
    try {
      return s.admit(SEALED.get(op)).map(b -> b.sequence() + ":" + b.hash().toHex()).orElse("+");
    } catch (SteleException e) {
      return e.code();
    }
  }
}

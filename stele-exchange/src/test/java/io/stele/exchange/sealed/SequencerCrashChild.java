package io.stele.exchange.sealed;

import io.stele.core.clock.Clock;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import java.nio.file.Path;

/**
 * Runs in a child JVM for {@link SequencerRestartTest}: admits envelopes to a logged sequencer (7
 * per batch) and prints {@code admitted <envelope hex>} as each admission returns, until killed.
 */
public final class SequencerCrashChild {
  static final int CHAIN = 'T';
  static final SequencerConfig CONFIG = new SequencerConfig(CHAIN, 7, 1_000_000, 1_000_000);

  private SequencerCrashChild() {}

  static Sequencer.Recovered open(Path dir, Clock clock) {
    SeededRng rng = new SeededRng(3);
    return Sequencer.recover(
        CONFIG,
        clock,
        SequencerLog.open(dir.resolve("sequencer.log")),
        () -> EpochKey.deal(CHAIN, 0, 2, 3, rng).announcement());
  }

  public static void main(String[] args) {
    ManualClock clock = new ManualClock(1_000);
    Sequencer sequencer = open(Path.of(args[0]), clock).sequencer();
    SeededRng rng = new SeededRng(9);
    OrderSealer sealer = new OrderSealer(KeyPair.generate(rng), sequencer.epoch(), rng, 0);
    for (int i = 0; i < 1_000_000; i++) {
      SealedEnvelope envelope = sealer.seal(new byte[] {(byte) i});
      sequencer.admit(envelope);
      clock.advance(1);
      System.out.println("admitted " + envelope.bytes().toHex());
      System.out.flush();
    }
  }
}

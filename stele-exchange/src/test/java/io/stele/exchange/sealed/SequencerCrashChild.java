package io.stele.exchange.sealed;

import io.stele.core.clock.Clock;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in a child JVM for {@link SequencerRestartTest}: {@link #ADMITTERS} threads, one client
 * each, admit envelopes to a logged sequencer (7 per batch) with group commit and print {@code
 * admitted <envelope hex>} as each admission is acknowledged, until killed.
 */
public final class SequencerCrashChild {
  static final int CHAIN = 'T';
  static final SequencerConfig CONFIG = new SequencerConfig(CHAIN, 7, 1_000_000, 1_000_000);
  static final int ADMITTERS = 4;

  private SequencerCrashChild() {}

  static Sequencer.Recovered open(Path dir, Clock clock) {
    SeededRng rng = new SeededRng(3);
    return Sequencer.recover(
        CONFIG,
        clock,
        SequencerLog.open(dir.resolve("sequencer.log")),
        () -> EpochKey.deal(CHAIN, 0, 2, 3, rng).announcement());
  }

  public static void main(String[] args) throws InterruptedException {
    ManualClock clock = new ManualClock(1_000);
    Sequencer sequencer = open(Path.of(args[0]), clock).sequencer();
    List<Thread> admitters = new ArrayList<>();
    for (int t = 0; t < ADMITTERS; t++) {
      SeededRng rng = new SeededRng(9 + t);
      OrderSealer sealer = new OrderSealer(KeyPair.generate(rng), sequencer.epoch(), rng, 0);
      admitters.add(Thread.ofPlatform().start(() -> admitForever(sequencer, clock, sealer)));
    }
    for (Thread t : admitters) {
      t.join();
    }
  }

  /** As the venue does: admit under the lock, wait for durability outside it, then acknowledge. */
  private static void admitForever(Sequencer sequencer, ManualClock clock, OrderSealer sealer) {
    for (int i = 0; i < 1_000_000; i++) {
      SealedEnvelope envelope = sealer.seal(new byte[] {(byte) i});
      long logged;
      synchronized (sequencer) {
        sequencer.admit(envelope);
        clock.advance(1);
        logged = sequencer.logged();
      }
      sequencer.awaitDurable(logged);
      System.out.println("admitted " + envelope.bytes().toHex());
      System.out.flush();
    }
  }
}

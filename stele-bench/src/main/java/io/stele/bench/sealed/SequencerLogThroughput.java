package io.stele.bench.sealed;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.sealed.EpochKey;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedEnvelope;
import io.stele.exchange.sealed.Sequencer;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.sealed.SequencerLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logged admissions per second: threads admit sealed envelopes to a sequencer opened on a {@link
 * SequencerLog} in a temporary directory, as {@code SealedMarkets} does: admit under one lock, then
 * wait until the record is durable, forcing the log outside the lock (group commit), or, with
 * {@code locked}, inside it (one fsync per admission, the rule before group commit). A batch that
 * fills is forced under the lock, as before it is published. Signatures are checked and envelopes
 * sealed beforehand, so the figure is the sequencer and its log alone.
 *
 * <pre>
 * java -cp stele.jar io.stele.bench.sealed.SequencerLogThroughput [seconds per run]
 *      [envelopes per thread] [thread counts, comma-separated] (defaults 3 4000 1,8,32)
 * </pre>
 *
 * Prints one line per mode and thread count: admissions, seconds, admissions per second.
 */
public final class SequencerLogThroughput {
  private static final int CHAIN = 'T';
  private static final SequencerConfig CONFIG =
      new SequencerConfig(CHAIN, 1024, Long.MAX_VALUE / 4, Integer.MAX_VALUE);

  private SequencerLogThroughput() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    int[] threadCounts =
        Arrays.stream((args.length > 2 ? args[2] : "1,8,32").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int maxThreads = Arrays.stream(threadCounts).max().orElseThrow();
    SeededRng rng = new SeededRng(7);
    EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
    List<List<SealedEnvelope>> clients = new ArrayList<>();
    for (int c = 0; c < maxThreads; c++) {
      OrderSealer sealer = new OrderSealer(KeyPair.generate(rng), deal.announcement(), rng, 0);
      List<SealedEnvelope> envelopes = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        SealedEnvelope e = sealer.seal(SealedWorkload.order(c * (long) perThread + i + 1));
        e.signatureValid();
        envelopes.add(e);
      }
      clients.add(envelopes);
    }
    for (boolean locked : new boolean[] {true, false}) {
      for (int threads : threadCounts) {
        Path dir = Files.createTempDirectory("sequencer-log-bench");
        try {
          run(dir, deal, clients.subList(0, threads), locked, seconds);
        } finally {
          try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
              Files.delete(f);
            }
          }
          Files.delete(dir);
        }
      }
    }
  }

  private static void run(
      Path dir, EpochKey.Deal deal, List<List<SealedEnvelope>> clients, boolean locked, double s)
      throws InterruptedException, IOException {
    ManualClock clock = new ManualClock(1_000);
    try (SequencerLog log = SequencerLog.open(dir.resolve("sequencer.log"))) {
      Sequencer sequencer = Sequencer.recover(CONFIG, clock, log, deal::announcement).sequencer();
      measure(sequencer, clients, locked, s);
    }
  }

  private static void measure(
      Sequencer sequencer, List<List<SealedEnvelope>> clients, boolean locked, double s)
      throws InterruptedException {
    AtomicLong admitted = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + (long) (s * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (List<SealedEnvelope> envelopes : clients) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (SealedEnvelope e : envelopes) {
                      if (System.nanoTime() >= deadline) {
                        return;
                      }
                      long logged;
                      synchronized (sequencer) {
                        boolean sealed = sequencer.admit(e).isPresent();
                        logged = sequencer.logged();
                        if (locked || sealed) {
                          sequencer.awaitDurable(logged);
                        }
                      }
                      sequencer.awaitDurable(logged);
                      admitted.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-12s threads %2d: %8d admissions in %5.2f s = %,10.0f admissions/s%n",
        locked ? "fsync-locked" : "group-commit",
        clients.size(),
        admitted.get(),
        elapsed,
        admitted.get() / elapsed);
  }
}

package io.stele.bench.sealed;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.sealed.BatchOpener;
import io.stele.exchange.sealed.BatchOutcome;
import io.stele.exchange.sealed.EpochKey;
import io.stele.exchange.sealed.OpenedBatch;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedBatch;
import io.stele.exchange.sealed.SealedBundle;
import io.stele.exchange.sealed.SealedEnvelope;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.Sequencer;
import io.stele.exchange.sealed.SequencerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealed orders through the operator's side of the pipeline, per order: admit (parse, checks,
 * Ed25519 verify), seal into batches of 1,024 (Merkle root, chain hash), and open (one X25519
 * agreement per client per epoch, then AES-256-GCM). 8,192 envelopes of 256 clients, 64-byte
 * payloads, sealed beforehand as clients would. Results are orders per second. The parallel variant
 * checks signatures on all cores before the single-threaded sequencer.
 *
 * <p>The {@code bundles...} variants send the same 8,192 orders as signed bundles of {@code
 * bundleSize} (one signature per bundle; min(256, 8,192 / K) clients) and run them through admit,
 * seal, open and execute on the matching engine ({@link SealedWorkload}'s orders, a fresh engine
 * per invocation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealedPipelineBenchmark {
  private static final int CHAIN = 'T';
  private static final int ORDERS = 8192;
  private static final int CLIENTS = 256;

  private EpochKey.Deal deal;
  private EpochKey key;
  private List<byte[]> envelopes;
  private List<SealedBatch> batches;

  @Setup
  public void setUp() {
    SeededRng rng = new SeededRng(1);
    deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
    key = EpochKey.recover(deal.announcement(), deal.shares().subList(0, 2));
    List<OrderSealer> sealers = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      sealers.add(new OrderSealer(KeyPair.generate(rng), deal.announcement(), rng, 0));
    }
    byte[] payload = new byte[64];
    envelopes = new ArrayList<>(ORDERS);
    for (int i = 0; i < ORDERS; i++) {
      envelopes.add(sealers.get(i % CLIENTS).seal(payload).bytes().toArray());
    }
    batches = admitAndSeal();
  }

  private Sequencer sequencer() {
    return new Sequencer(
        new SequencerConfig(CHAIN, 1024, 1_000, Integer.MAX_VALUE),
        new ManualClock(0),
        deal.announcement());
  }

  private List<SealedBatch> admitAndSeal() {
    Sequencer sequencer = sequencer();
    List<SealedBatch> sealed = new ArrayList<>();
    for (byte[] envelope : envelopes) {
      sequencer.admit(envelope).ifPresent(sealed::add);
    }
    return sealed;
  }

  /** Parses and checks signatures on every core first; the sequencer then finds them checked. */
  private List<SealedBatch> verifyInParallelThenAdmitAndSeal() {
    List<SealedEnvelope> verified =
        envelopes.parallelStream()
            .map(
                bytes -> {
                  SealedEnvelope envelope = SealedEnvelope.parse(bytes);
                  envelope.signatureValid();
                  return envelope;
                })
            .toList();
    Sequencer sequencer = sequencer();
    List<SealedBatch> sealed = new ArrayList<>();
    for (SealedEnvelope envelope : verified) {
      sequencer.admit(envelope).ifPresent(sealed::add);
    }
    return sealed;
  }

  private List<OpenedBatch> open(List<SealedBatch> sealed) {
    BatchOpener opener = new BatchOpener(key);
    List<OpenedBatch> opened = new ArrayList<>(sealed.size());
    for (SealedBatch batch : sealed) {
      opened.add(opener.open(batch));
    }
    return opened;
  }

  /** The same orders as bundles of {@code bundleSize}, and a fresh engine for each invocation. */
  @State(Scope.Benchmark)
  public static class Bundles {
    @Param({"1", "16", "64", "256"})
    public int bundleSize;

    EpochKey.Deal deal;
    EpochKey key;
    List<KeyPair> clients;
    List<byte[]> bundles;
    Engine engine;

    @Setup
    public void setUp() {
      SeededRng rng = new SeededRng(2);
      deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
      key = EpochKey.recover(deal.announcement(), deal.shares().subList(0, 2));
      int clientCount = Math.min(CLIENTS, ORDERS / bundleSize);
      clients = new ArrayList<>();
      List<OrderSealer> sealers = new ArrayList<>();
      for (int i = 0; i < clientCount; i++) {
        KeyPair client = KeyPair.generate(rng);
        clients.add(client);
        sealers.add(new OrderSealer(client, deal.announcement(), rng, 0));
      }
      bundles = new ArrayList<>();
      long id = 1;
      for (int b = 0; b < ORDERS / bundleSize; b++) {
        List<byte[]> payloads = new ArrayList<>(bundleSize);
        for (int i = 0; i < bundleSize; i++) {
          payloads.add(SealedWorkload.order(id++));
        }
        bundles.add(sealers.get(b % clientCount).sealBundle(payloads).bytes().toArray());
      }
    }

    @Setup(Level.Invocation)
    public void freshEngine() {
      engine = SealedWorkload.start(clients);
    }

    Sequencer sequencer() {
      return new Sequencer(
          new SequencerConfig(CHAIN, 1024, 1_000, Integer.MAX_VALUE),
          new ManualClock(0),
          deal.announcement());
    }

    List<BatchOutcome> openAndExecute(List<SealedBatch> sealed, boolean parallel) {
      BatchOpener opener = new BatchOpener(key);
      SealedExchange exchange = new SealedExchange(engine);
      List<BatchOutcome> outcomes = new ArrayList<>(sealed.size());
      for (SealedBatch batch : sealed) {
        outcomes.add(exchange.apply(parallel ? opener.openInParallel(batch) : opener.open(batch)));
      }
      return outcomes;
    }
  }

  @Benchmark
  @OperationsPerInvocation(ORDERS)
  public List<BatchOutcome> bundlesAdmitSealOpenAndExecute(Bundles bundles) {
    Sequencer sequencer = bundles.sequencer();
    List<SealedBatch> sealed = new ArrayList<>();
    for (byte[] bundle : bundles.bundles) {
      sequencer.admitBundle(bundle).ifPresent(sealed::add);
    }
    return bundles.openAndExecute(sealed, false);
  }

  /**
   * Parses and checks bundle signatures on every core first, as the venue's HTTP threads do, and
   * opens each batch on every core.
   */
  @Benchmark
  @OperationsPerInvocation(ORDERS)
  public List<BatchOutcome> bundlesParallelVerifyThenAdmitSealOpenAndExecute(Bundles bundles) {
    List<SealedBundle> verified =
        bundles.bundles.parallelStream()
            .map(
                bytes -> {
                  SealedBundle bundle = SealedBundle.parse(bytes);
                  bundle.signatureValid();
                  return bundle;
                })
            .toList();
    Sequencer sequencer = bundles.sequencer();
    List<SealedBatch> sealed = new ArrayList<>();
    for (SealedBundle bundle : verified) {
      sequencer.admit(bundle).ifPresent(sealed::add);
    }
    return bundles.openAndExecute(sealed, true);
  }

  @Benchmark
  @OperationsPerInvocation(ORDERS)
  public List<SealedBatch> admitAndSealOnly() {
    return admitAndSeal();
  }

  @Benchmark
  @OperationsPerInvocation(ORDERS)
  public List<OpenedBatch> openOnly() {
    return open(batches);
  }

  @Benchmark
  @OperationsPerInvocation(ORDERS)
  public List<OpenedBatch> admitSealAndOpen() {
    return open(admitAndSeal());
  }

  @Benchmark
  @OperationsPerInvocation(ORDERS)
  public List<OpenedBatch> parallelVerifyThenAdmitSealAndOpen() {
    return open(verifyInParallelThenAdmitAndSeal());
  }
}

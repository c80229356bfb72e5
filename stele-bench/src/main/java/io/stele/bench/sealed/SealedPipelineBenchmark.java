package io.stele.bench.sealed;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.sealed.BatchOpener;
import io.stele.exchange.sealed.EpochKey;
import io.stele.exchange.sealed.OpenedBatch;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedBatch;
import io.stele.exchange.sealed.SealedEnvelope;
import io.stele.exchange.sealed.Sequencer;
import io.stele.exchange.sealed.SequencerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealed orders through the operator's side of the pipeline, per order: admit (parse, checks,
 * Ed25519 verify), seal into batches of 1,024 (Merkle root, chain hash), and open (one X25519
 * agreement per client per epoch, then AES-256-GCM). 8,192 envelopes of 256 clients, 64-byte
 * payloads, sealed beforehand as clients would. Results are orders per second. The parallel variant
 * checks signatures on all cores before the single-threaded sequencer.
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

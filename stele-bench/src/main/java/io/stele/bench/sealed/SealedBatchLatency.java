package io.stele.bench.sealed;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.Side;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.BatchOpener;
import io.stele.exchange.sealed.EpochKey;
import io.stele.exchange.sealed.KeyHolder;
import io.stele.exchange.sealed.KeyShare;
import io.stele.exchange.sealed.OpenedBatch;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedBatch;
import io.stele.exchange.sealed.SealedBundle;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.Sequencer;
import io.stele.exchange.sealed.SequencerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * "Batch close to executed": how long after the sequencer seals a batch its orders have run on the
 * matching engine. Each batch is its own epoch (so its key is released as soon as it is published):
 * publish the batch file, the three key holders check it and two release their shares, the key is
 * rebuilt, every envelope is opened (one X25519 per client, AES-GCM per order), the rejections file
 * is written and the orders execute. Anchoring is off: with it, the ledger's finality time comes on
 * top. The clock starts just before the admission that completes the batch. Clients seal their
 * bundles beforehand, outside the measurement.
 *
 * <pre>
 * java -cp stele.jar io.stele.bench.sealed.SealedBatchLatency [orders per batch] [batches]
 *      [bundle size] [clients] [parallel]  (defaults 1024 400 64 64 true; first fifth is warm-up)
 * </pre>
 *
 * Prints one JSON object: the figures in milliseconds, the orders per second through admit, seal,
 * publish, release, open and execute over the measured batches, the mean wall time ({@code meanMs})
 * and the measuring thread's mean CPU time ({@code meanCpuMs}) of each phase, and how many orders
 * rest on the book at the end (the state hash covers every one of them). With {@code parallel}
 * false every phase runs on the measuring thread, and {@code cpuMs} and {@code meanCpuMs} are what
 * the latency would be on an idle core, whatever else the machine is doing.
 */
public final class SealedBatchLatency {
  private static final int CHAIN = 'T';

  private SealedBatchLatency() {}

  public static void main(String[] args) throws IOException {
    int batchSize = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int bundleSize = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int clientCount = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    boolean parallel = args.length <= 4 || Boolean.parseBoolean(args[4]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Histogram cpu = new Histogram(3_600_000_000L, 3);
    if (batchSize % bundleSize != 0) {
      throw new IllegalArgumentException("the batch size must be a multiple of the bundle size");
    }
    Path directory = Files.createTempDirectory("sealed-latency");
    SeededRng rng = new SeededRng(4);
    List<KeyPair> clients = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      clients.add(KeyPair.generate(rng));
    }
    Engine engine = SealedWorkload.start(clients);
    SealedExchange exchange = new SealedExchange(engine);
    BatchArchive archive = new BatchArchive(directory);
    EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
    Sequencer sequencer =
        new Sequencer(
            new SequencerConfig(CHAIN, batchSize, 1_000, 1),
            new ManualClock(0),
            deal.announcement());
    Histogram latency = new Histogram(3_600_000_000L, 3);
    int warmup = batches / 5;
    long measuredNanos = 0;
    long[] phases = new long[6];
    long[] phaseCpu = new long[6];
    long orderId = 1;
    long lastSequence = 0;
    SealedBatch last = null;
    for (int n = 0; n < batches; n++) {
      archive.writeEpoch(deal.announcement());
      List<KeyHolder> holders = new ArrayList<>();
      for (KeyShare share : deal.shares()) {
        holders.add(
            new KeyHolder(
                deal.announcement(),
                share,
                1,
                null,
                lastSequence,
                last == null ? SealedBatch.GENESIS : last.hash()));
      }
      // The clients' side, not measured: one agreement per client and epoch, then the bundles.
      List<OrderSealer> sealers = new ArrayList<>();
      for (KeyPair client : clients) {
        sealers.add(new OrderSealer(client, deal.announcement(), rng, 0));
      }
      List<byte[]> bundles = new ArrayList<>();
      for (int b = 0; b < batchSize / bundleSize; b++) {
        List<byte[]> payloads = new ArrayList<>(bundleSize);
        for (int i = 0; i < bundleSize; i++) {
          payloads.add(SealedWorkload.order(orderId++));
        }
        bundles.add(sealers.get(b % clientCount).sealBundle(payloads).bytes().toArray());
      }

      long[] wall = new long[7];
      long[] cpuAt = new long[7];
      mark(wall, cpuAt, 0, threads);
      for (int b = 0; b < bundles.size() - 1; b++) {
        sequencer.admit(SealedBundle.parse(bundles.get(b))).ifPresent(SealedBatchLatency::early);
      }
      mark(wall, cpuAt, 1, threads);
      Optional<SealedBatch> sealed = sequencer.admitBundle(bundles.get(bundles.size() - 1));
      SealedBatch batch = sealed.orElseThrow();
      mark(wall, cpuAt, 2, threads);
      archive.writeBatch(batch);
      mark(wall, cpuAt, 3, threads);
      // The holders are separate parties: each checks the batch on its own.
      (parallel ? holders.parallelStream() : holders.stream()).forEach(h -> h.observe(batch, null));
      List<KeyShare> released = List.of(holders.get(0).release(), holders.get(1).release());
      archive.writeShares(deal.announcement().epoch(), released);
      BatchOpener opener = new BatchOpener(EpochKey.recover(deal.announcement(), released));
      mark(wall, cpuAt, 4, threads);
      OpenedBatch opened = parallel ? opener.openInParallel(batch) : opener.open(batch);
      archive.writeRejections(opened);
      mark(wall, cpuAt, 5, threads);
      exchange.apply(opened);
      mark(wall, cpuAt, 6, threads);

      if (n >= warmup) {
        latency.recordValue((wall[6] - wall[1]) / 1_000);
        cpu.recordValue((cpuAt[6] - cpuAt[1]) / 1_000);
        measuredNanos += wall[6] - wall[0];
        for (int p = 0; p < 6; p++) {
          phases[p] += wall[p + 1] - wall[p];
          phaseCpu[p] += cpuAt[p + 1] - cpuAt[p];
        }
      }
      last = batch;
      lastSequence = batch.sequence();
      deal = EpochKey.deal(CHAIN, deal.announcement().epoch() + 1, 2, 3, rng);
      sequencer.openEpoch(deal.announcement());
      deleteBatchFiles(directory, batch.sequence());
    }
    long orders = (long) (batches - warmup) * batchSize;
    int measured = batches - warmup;
    System.out.printf(
        "{\"ordersPerBatch\":%d,\"bundleSize\":%d,\"clients\":%d,\"batches\":%d,"
            + "\"parallel\":%b,\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,"
            + "\"cpuMs\":{\"p50\":%.2f,\"p99\":%.2f},\"ordersPerSecond\":%d,"
            + "\"meanMs\":%s,\"meanCpuMs\":%s,\"restingOrdersAtEnd\":%d}%n",
        batchSize,
        bundleSize,
        clientCount,
        measured,
        parallel,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(90) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        latency.getMaxValue() / 1000.0,
        cpu.getValueAtPercentile(50) / 1000.0,
        cpu.getValueAtPercentile(99) / 1000.0,
        orders * 1_000_000_000L / Math.max(1, measuredNanos),
        phaseJson(phases, measured),
        phaseJson(phaseCpu, measured),
        engine.book(SealedWorkload.MARKET, Side.BUY).size()
            + engine.book(SealedWorkload.MARKET, Side.SELL).size());
  }

  /** Wall clock and this thread's CPU time at the end of phase {@code i} (0: the start). */
  private static void mark(long[] wall, long[] cpu, int i, ThreadMXBean threads) {
    wall[i] = System.nanoTime();
    cpu[i] = threads.getCurrentThreadCpuTime();
  }

  private static String phaseJson(long[] nanos, int batches) {
    String[] names = {"admitOthers", "admitLastAndSeal", "publish", "release", "open", "execute"};
    StringBuilder json = new StringBuilder("{");
    for (int p = 0; p < names.length; p++) {
      json.append(p == 0 ? "" : ",")
          .append(String.format("\"%s\":%.2f", names[p], nanos[p] / 1e6 / batches));
    }
    return json.append('}').toString();
  }

  private static void early(SealedBatch batch) {
    throw new IllegalStateException("batch " + batch.sequence() + " closed before its last bundle");
  }

  /** Keeps the temporary directory small: the files were written, which is what is measured. */
  private static void deleteBatchFiles(Path directory, long sequence) throws IOException {
    for (String kind : List.of("batch", "rejections")) {
      Files.deleteIfExists(directory.resolve(String.format("%s-%012d.json", kind, sequence)));
    }
  }
}

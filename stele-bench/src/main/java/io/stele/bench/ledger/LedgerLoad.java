package io.stele.bench.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.node.LedgerNode;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.receipt.ReceiptVerifier;
import io.stele.ledger.tx.TransactionBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Load generator for one solo ledger node in this process. Transfers: pre-signs transfers from many
 * genesis-funded accounts, submits them through the {@link LedgerNode} facade at full speed and
 * reports sustained throughput and submit-to-final latency. Anchors: queues hashes as fast as the
 * anchoring service accepts them, waits for their receipts and verifies them offline.
 *
 * <p>{@code java -cp ... io.stele.bench.ledger.LedgerLoad [transactions] [accounts] [intervalMs]
 * [anchors]}; prints one JSON object.
 */
public final class LedgerLoad {
  private static final byte CHAIN = 'B';
  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerLoad() {}

  public static void main(String[] args) throws Exception {
    int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    long intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 100;
    int anchors = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
    System.out.println(JSON.writeValueAsString(run(transactions, accounts, intervalMs, anchors)));
  }

  /** Runs both loads on a fresh chain in a temporary directory and returns the figures. */
  public static ObjectNode run(int transactions, int accounts, long intervalMs, int anchors)
      throws Exception {
    SeededRng rng = new SeededRng(1);
    Genesis.Devnet devnet = Genesis.devnet(CHAIN, 1, System.currentTimeMillis(), rng);
    List<KeyPair> users = new ArrayList<>();
    Map<Address, Long> balances = new TreeMap<>();
    for (int i = 0; i < accounts; i++) {
      KeyPair key = KeyPair.generate(rng);
      users.add(key);
      balances.put(Address.of(key.publicKey(), CHAIN), 1_000_000_000_000L);
    }
    Genesis base = devnet.genesis().withBalances(balances);
    Parameters d = Parameters.devnet();
    Parameters parameters =
        new Parameters(
            intervalMs,
            d.fees(),
            d.candidateDeposit(),
            d.maxBlockTransactions(),
            d.maxAnchorsPerTransaction(),
            d.maxTransactionBytes(),
            d.maxTimestampDriftMs());
    Genesis genesis =
        new Genesis(
            base.chainId(), base.timestamp(), parameters, base.balances(), base.witnesses());
    Path dir = Files.createTempDirectory("stele-ledger-load");
    ObjectNode result = JSON.createObjectNode();
    try (SoloNode node =
        SoloNode.open(dir, genesis, devnet.witnessKeys().get(0), new SystemClock())) {
      node.start();
      result.set("transfers", transfers(node, genesis, users, transactions));
      if (anchors > 0) {
        result.set("anchors", anchors(node, genesis, anchors));
      }
    } finally {
      deleteRecursively(dir);
    }
    result.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
    return result;
  }

  private static ObjectNode transfers(
      SoloNode node, Genesis genesis, List<KeyPair> users, int count) throws InterruptedException {
    int accounts = users.size();
    long now = System.currentTimeMillis();
    byte[][] signed = new byte[count][];
    String[] ids = new String[count];
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              int from = i % accounts;
              var tx =
                  new TransactionBuilder(CHAIN, genesis.parameters(), users.get(from))
                      .transfer(
                          Address.of(users.get((from + 1) % accounts).publicKey(), CHAIN),
                          1,
                          i / accounts,
                          now);
              signed[i] = tx.encoded().toArray();
              ids[i] = tx.id().toBase58();
            });
    Map<String, Long> submittedAt = new ConcurrentHashMap<>(count * 2);
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    CountDownLatch allFinal = new CountDownLatch(count);
    long[] lastFinal = new long[1];
    LedgerNode.Subscription subscription =
        node.onFinalizedBlock(
            block -> {
              long at = System.nanoTime();
              for (JsonNode id : block.get("transactions")) {
                Long start = submittedAt.remove(id.asText());
                if (start != null) {
                  latency.recordValue(Math.max(0, (at - start) / 1_000));
                  lastFinal[0] = at;
                  allFinal.countDown();
                }
              }
            });
    try {
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger full = new AtomicInteger();
      // Accounts are split between submitters so each account's nonces arrive in order.
      int submitters = 2;
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < submitters; t++) {
        int lane = t;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = lane; i < count; i += submitters) {
                        submittedAt.put(ids[i], System.nanoTime());
                        while (true) {
                          try {
                            node.submit(signed[i]);
                            break;
                          } catch (SteleException e) {
                            if (!e.code().equals("mempool.full")) {
                              throw e;
                            }
                            full.incrementAndGet();
                            sleep(1);
                          }
                        }
                        next.incrementAndGet();
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      if (!allFinal.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException(allFinal.getCount() + " transfers never became final");
      }
      double seconds = (lastFinal[0] - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      ObjectNode o = JSON.createObjectNode();
      o.put("transactions", count);
      o.put("accounts", accounts);
      o.put("blockIntervalMs", genesis.parameters().blockIntervalMs());
      o.put("seconds", round(seconds));
      o.put("tps", Math.round(count / seconds));
      // On a shared machine wall time depends on the neighbours; CPU time per transfer does not.
      o.put("cpuSeconds", round(cpuSeconds));
      o.put("transfersPerCpuSecond", Math.round(count / cpuSeconds));
      o.put("p50Ms", round(latency.getValueAtPercentile(50) / 1000.0));
      o.put("p99Ms", round(latency.getValueAtPercentile(99) / 1000.0));
      o.put("maxMs", round(latency.getMaxValue() / 1000.0));
      o.put("mempoolFullRetries", full.get());
      o.put("finalHeight", node.finalHeight());
      return o;
    } finally {
      subscription.close();
    }
  }

  private static ObjectNode anchors(SoloNode node, Genesis genesis, int count) throws Exception {
    List<Bytes> hashes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      hashes.add(Bytes.wrap(Hashes.sha256(ByteBuffer.allocate(4).putInt(i).array())));
    }
    // Keep a sample of receipts for the verifier; holding all of them would measure the heap.
    int sampleSize = Math.min(count, 50_000);
    List<ObjectNode> sample = Collections.synchronizedList(new ArrayList<>(sampleSize));
    CountDownLatch allFinal = new CountDownLatch(count);
    for (Bytes hash : hashes) {
      CompletableFuture<ObjectNode> receipt = node.awaitReceipt(hash);
      receipt.thenAccept(
          r -> {
            if (sample.size() < sampleSize) {
              sample.add(r);
            }
            allFinal.countDown();
          });
    }
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    for (int i = 0; i < count; i += 1_000) {
      List<Bytes> batch = hashes.subList(i, Math.min(count, i + 1_000));
      while (true) {
        try {
          node.anchor(batch);
          break;
        } catch (SteleException e) {
          if (!e.code().equals("anchor.queue_full")) {
            throw e;
          }
          sleep(1);
        }
      }
    }
    double acceptSeconds = (System.nanoTime() - start) / 1e9;
    if (!allFinal.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(allFinal.getCount() + " anchors never became final");
    }
    double finalSeconds = (System.nanoTime() - start) / 1e9;
    double finalCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
    // The first pass includes JIT compilation of the verifier; the median of three more, each with
    // a fresh verifier (empty caches), shows the steady rate. A pass takes a fraction of a second,
    // so one alone would say more about the neighbours than about the verifier.
    double coldSeconds = verifySeconds(genesis, sample);
    long verifyCpuStart = processCpuNanos();
    double[] passes = new double[3];
    for (int i = 0; i < passes.length; i++) {
      passes[i] = verifySeconds(genesis, sample);
    }
    double verifyCpuSeconds = (processCpuNanos() - verifyCpuStart) / 1e9 / passes.length;
    Arrays.sort(passes);
    double verifySeconds = passes[passes.length / 2];
    ObjectNode o = JSON.createObjectNode();
    o.put("hashes", count);
    o.put("acceptedPerSecond", Math.round(count / acceptSeconds));
    o.put("finalPerSecond", Math.round(count / finalSeconds));
    o.put("finalPerCpuSecond", Math.round(count / finalCpuSeconds));
    o.put("receiptsVerified", sample.size());
    o.put("receiptsVerifiedPerSecondFirstPass", Math.round(sample.size() / coldSeconds));
    o.put("receiptsVerifiedPerSecond", Math.round(sample.size() / verifySeconds));
    // All cores verify; per CPU second is the figure a busy neighbour does not move.
    o.put("receiptsVerifiedPerCpuSecond", Math.round(sample.size() / verifyCpuSeconds));
    o.put("finalHeight", node.finalHeight());
    return o;
  }

  private static double verifySeconds(Genesis genesis, List<ObjectNode> receipts) {
    ReceiptVerifier verifier = new ReceiptVerifier(genesis);
    long start = System.nanoTime();
    verifier.checkAll(receipts);
    return (System.nanoTime() - start) / 1e9;
  }

  private static long processCpuNanos() {
    return ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

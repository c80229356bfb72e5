package io.stele.bench.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.WitnessNode;
import io.stele.ledger.sync.BlockSync;
import io.stele.ledger.sync.NetworkedNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.PeerScores;
import io.stele.net.TransportLimits;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * N {@link WitnessNode}s in this JVM, each with its own RocksDB chain and signing store, on the
 * deterministic {@link SimulatedNetwork} (manual clock, 2 to 30 ms links). Pre-signed transfers go
 * to the witnesses in turn at a fixed rate of simulated time; each is verified at admission by
 * every witness it reaches through gossip, and again in proposals by any witness that has not seen
 * it. Reports throughput and submit-to-final latency in simulated time, and transfers finalized per
 * wall second (what the one JVM, all N nodes together, manages on this machine) with the CPU time
 * they took.
 *
 * <p>The stores go to {@code /dev/shm} when the machine has it: N witnesses would sync their writes
 * to N disks at once, and queueing every sync of all N on one disk would measure that disk instead
 * of the nodes (every write is still synced, to memory).
 *
 * <p>With {@link Submission#BROADCAST} the load hands each transfer to every witness itself, as a
 * client that broadcasts would, instead of to one witness that gossips it: the witnesses admit (and
 * verify) it at the same simulated instant, spread over all cores, each witness in the same order
 * in every run. The consensus still runs on the simulation's one thread.
 *
 * <p>{@code java -cp ... io.stele.bench.ledger.SimulatedWitnessLoad [witnesses] [transactions]
 * [accounts] [ratePerSecond] [gossip|broadcast]}; prints one JSON object.
 */
public final class SimulatedWitnessLoad {
  private static final byte CHAIN = 'S';
  private static final long START = 1_700_000_000_000L;
  private static final long STEP_MS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final BlockSync.Settings SYNC = new BlockSync.Settings(8, 4, 2, 64, 2_000, 500);

  private SimulatedWitnessLoad() {}

  /** How transfers reach the witnesses. */
  public enum Submission {
    /** To one witness in turn, which checks it and gossips it on. */
    GOSSIP,
    /** To every witness directly, admitted by all of them in parallel. */
    BROADCAST
  }

  public static void main(String[] args) throws Exception {
    int witnesses = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    int transactions = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    Submission submission =
        args.length > 4 ? Submission.valueOf(args[4].toUpperCase(Locale.ROOT)) : Submission.GOSSIP;
    System.out.println(
        JSON.writeValueAsString(
            run(
                witnesses,
                transactions,
                accounts,
                rate,
                submission,
                DEVNET_BLOCK_INTERVAL_MS,
                System.err::println)));
  }

  /** t_w of the devnet, the default here. */
  public static final long DEVNET_BLOCK_INTERVAL_MS = 200;

  /**
   * Runs the load on a fresh chain in a temporary directory (deleted afterwards) with t_w = {@code
   * minBlockIntervalMs} (t_o the larger of it and 1 s: fewer heights a second for the same
   * transfers means fewer votes for every witness to check) and returns the figures; {@code
   * progress} hears a line every simulated second.
   */
  public static ObjectNode run(
      int witnesses,
      int transactions,
      int accounts,
      int ratePerSecond,
      Submission submission,
      long minBlockIntervalMs,
      Consumer<String> progress)
      throws IOException {
    if (witnesses < 2 || witnesses > ConsensusParameters.MAX_WITNESSES) {
      throw new IllegalArgumentException("witnesses must be 2 to 21");
    }
    if (transactions < 1 || accounts < 1 || accounts > transactions || ratePerSecond < 1) {
      throw new IllegalArgumentException("need 1 <= accounts <= transactions and a positive rate");
    }
    SeededRng rng = new SeededRng(1);
    Genesis.Devnet devnet = Genesis.devnet(CHAIN, witnesses, START, rng);
    List<KeyPair> users = new ArrayList<>();
    Map<Address, Long> balances = new TreeMap<>();
    for (int i = 0; i < accounts; i++) {
      KeyPair key = KeyPair.generate(rng);
      users.add(key);
      balances.put(Address.of(key.publicKey(), CHAIN), 1_000_000_000_000L);
    }
    Genesis base = devnet.genesis().withBalances(balances);
    // All N seats filled by the genesis witnesses for the whole run: no election shrinks the set.
    ConsensusParameters consensus =
        new ConsensusParameters(
            witnesses,
            1_000_000,
            10,
            minBlockIntervalMs,
            Math.max(1_000, minBlockIntervalMs),
            1_000);
    Genesis genesis =
        new Genesis(
            CHAIN,
            START,
            base.parameters().withConsensus(consensus),
            base.balances(),
            base.witnesses(),
            base.witnessDeposit());
    byte[][] signed = new byte[transactions][];
    Bytes[] ids = new Bytes[transactions];
    sign(genesis, users, ratePerSecond, signed, ids);

    ManualClock clock = new ManualClock(START + 1_000);
    SimulatedNetwork net =
        new SimulatedNetwork(
            clock,
            new SeededRng(2),
            new LinkConditions(2, 30, 0, 0, true),
            TransportLimits.DEFAULT,
            PeerScores.Policy.DEFAULT);
    Path ram = Path.of("/dev/shm");
    boolean inRam = Files.isDirectory(ram) && Files.isWritable(ram);
    Path dir =
        inRam
            ? Files.createTempDirectory(ram, "stele-bench-simulated")
            : Files.createTempDirectory("stele-bench-simulated");
    List<NetworkedNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < witnesses; i++) {
        KeyPair key = devnet.witnessKeys().get(i);
        Path signer = dir.resolve("w" + i).resolve("signer");
        WitnessNode.prepareSigner(signer);
        WitnessNode node =
            WitnessNode.open(
                dir.resolve("w" + i).resolve("chain"), signer, genesis, key, clock, 16 << 20);
        nodes.add(NetworkedNode.witness(node, net.join(key.publicKey()), SYNC, PeerDetails.NONE));
      }
      net.runUntil(clock.millis() + 3_000);
      return load(net, clock, nodes, signed, ids, ratePerSecond, submission, progress)
          .put("witnesses", witnesses)
          .put("accounts", accounts)
          .put("offeredPerSecond", ratePerSecond)
          .put("minBlockIntervalMs", minBlockIntervalMs)
          .put("submission", submission.name().toLowerCase(Locale.ROOT))
          .put("stores", inRam ? "/dev/shm (memory)" : "temporary directory (disk)")
          .put("machine", Runtime.getRuntime().availableProcessors() + " cores");
    } finally {
      for (NetworkedNode node : nodes) {
        node.close();
      }
      deleteRecursively(dir);
    }
  }

  /** Signs transfer i with the simulated time it is due, so none falls outside the drift. */
  private static void sign(
      Genesis genesis, List<KeyPair> users, int rate, byte[][] signed, Bytes[] ids) {
    int accounts = users.size();
    IntStream.range(0, signed.length)
        .parallel()
        .forEach(
            i -> {
              int from = i % accounts;
              Transaction tx =
                  new TransactionBuilder(CHAIN, genesis.parameters(), users.get(from))
                      .transfer(
                          Address.of(users.get((from + 1) % accounts).publicKey(), CHAIN),
                          1,
                          i / accounts,
                          START + 4_000 + (long) i * 1_000 / rate);
              signed[i] = tx.encoded().toArray();
              ids[i] = tx.id();
            });
  }

  private static ObjectNode load(
      SimulatedNetwork net,
      ManualClock clock,
      List<NetworkedNode> nodes,
      byte[][] signed,
      Bytes[] ids,
      int rate,
      Submission submission,
      Consumer<String> progress) {
    int count = signed.length;
    Map<Bytes, Long> submittedAt = new HashMap<>(count * 2);
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    long[] lastFinalAt = new long[1];
    int[] finalized = new int[1];
    // Heard in the committing thread, the simulation's (not later, on a notifier thread), so the
    // simulated clock still reads the instant of the commit and plain fields suffice.
    var subscription =
        witness(nodes.get(0))
            .chain()
            .onCommitted(
                (block, certificate) -> {
                  for (Transaction tx : block.transactions()) {
                    Long at = submittedAt.remove(tx.id());
                    if (at != null) {
                      latency.recordValue(clock.millis() - at);
                      lastFinalAt[0] = clock.millis();
                      finalized[0]++;
                    }
                  }
                });
    int refused = 0;
    int partlyRefused = 0;
    int maxMempool = 0;
    ExecutorService lanes =
        submission == Submission.BROADCAST
            ? Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())
            : null;
    long heapAtStart = usedHeap();
    long maxHeap = heapAtStart;
    long wallStart = System.nanoTime();
    long cpuStart = processCpuNanos();
    long threadCpuStart = THREADS.getCurrentThreadCpuTime();
    long simStart = clock.millis();
    int next = 0;
    long deadline = simStart + (long) count * 1_000 / rate + 120_000;
    try {
      while (finalized[0] + refused < count && clock.millis() < deadline) {
        int from = next;
        next = (int) Math.min(count, (clock.millis() - simStart + STEP_MS) * rate / 1_000);
        for (int i = from; i < next; i++) {
          submittedAt.put(ids[i], clock.millis());
        }
        int[] refusals =
            lanes == null
                ? gossip(nodes, signed, from, next)
                : broadcast(lanes, nodes, signed, from, next);
        // Counted, not retried: an open-loop load reports what the witnesses refused. A transfer
        // no witness took can never be final; one that some took still can.
        for (int i = from; i < next; i++) {
          int r = refusals[i - from];
          if (r == (lanes == null ? 1 : nodes.size())) {
            submittedAt.remove(ids[i]);
            refused++;
          } else if (r > 0) {
            partlyRefused++;
          }
        }
        net.runUntil(clock.millis() + STEP_MS);
        for (NetworkedNode node : nodes) {
          maxMempool =
              Math.max(maxMempool, node.status().path("mempool").path("transactions").asInt());
        }
        if ((clock.millis() - simStart) % 1_000 == 0) {
          maxHeap = Math.max(maxHeap, usedHeap());
          progress.accept(
              "simulated "
                  + (clock.millis() - simStart) / 1_000
                  + " s: "
                  + finalized[0]
                  + "/"
                  + count
                  + " final");
        }
      }
    } finally {
      subscription.close();
      if (lanes != null) {
        lanes.shutdown();
      }
    }
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
    double threadCpuSeconds = (THREADS.getCurrentThreadCpuTime() - threadCpuStart) / 1e9;
    double simSeconds = Math.max(1, lastFinalAt[0] - simStart) / 1_000.0;
    ObjectNode o = JSON.createObjectNode();
    o.put("transactions", count);
    o.put("finalized", finalized[0]);
    o.put("refused", refused);
    o.put("partlyRefused", partlyRefused);
    o.put("tps", Math.round(finalized[0] / simSeconds));
    o.put("p50Ms", latency.getValueAtPercentile(50));
    o.put("p99Ms", latency.getValueAtPercentile(99));
    o.put("maxMs", latency.getMaxValue());
    o.put("simulatedSeconds", Math.round(simSeconds * 1000) / 1000.0);
    o.put("wallSeconds", Math.round(wallSeconds * 1000) / 1000.0);
    o.put("wallTps", Math.round(finalized[0] / wallSeconds));
    o.put("cpuSeconds", Math.round(cpuSeconds * 1000) / 1000.0);
    o.put("simulationThreadCpuSeconds", Math.round(threadCpuSeconds * 1000) / 1000.0);
    o.put("cpuMicrosPerTransfer", Math.round(cpuSeconds * 1e6 / Math.max(1, finalized[0])));
    o.put("finalHeight", witness(nodes.get(0)).finalHeight());
    o.put("allWitnessesAgreeUpTo", agreedHeight(nodes));
    o.put("maxMempoolTransactions", maxMempool);
    o.put("heapUsedMiBAtStart", heapAtStart >> 20);
    o.put("heapUsedMiBMax", maxHeap >> 20);
    System.gc(); // what stays live once the load is over: the nodes' state, chains and caches
    o.put("heapLiveMiBAtEnd", usedHeap() >> 20);
    o.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return o;
  }

  /**
   * Transfers {@code from} to {@code to}, each to one witness in turn; how often each was refused.
   */
  private static int[] gossip(List<NetworkedNode> nodes, byte[][] signed, int from, int to) {
    int[] refusals = new int[to - from];
    for (int i = from; i < to; i++) {
      try {
        nodes.get(i % nodes.size()).submit(signed[i]);
      } catch (SteleException e) {
        refusals[i - from]++;
      }
    }
    return refusals;
  }

  /**
   * Transfers {@code from} to {@code to} to every witness, in that order at each: one task per
   * core, each with its own witnesses, all done before the simulation goes on; how many witnesses
   * refused each.
   */
  private static int[] broadcast(
      ExecutorService lanes, List<NetworkedNode> nodes, byte[][] signed, int from, int to) {
    int count = Runtime.getRuntime().availableProcessors();
    List<Callable<int[]>> tasks = new ArrayList<>();
    for (int lane = 0; lane < count; lane++) {
      int first = lane;
      tasks.add(
          () -> {
            int[] refusals = new int[to - from];
            for (int n = first; n < nodes.size(); n += count) {
              WitnessNode witness = witness(nodes.get(n));
              for (int i = from; i < to; i++) {
                try {
                  witness.submit(signed[i]);
                } catch (SteleException e) {
                  refusals[i - from]++;
                }
              }
            }
            return refusals;
          });
    }
    int[] total = new int[to - from];
    try {
      for (Future<int[]> done : lanes.invokeAll(tasks)) {
        int[] refusals = done.get();
        for (int i = 0; i < total.length; i++) {
          total[i] += refusals[i];
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the witnesses admitted transfers", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a witness failed to admit a transfer", e.getCause());
    }
    return total;
  }

  private static WitnessNode witness(NetworkedNode node) {
    return (WitnessNode) node.node();
  }

  /** The lowest final height among the witnesses, after checking they all hold one block there. */
  private static long agreedHeight(List<NetworkedNode> nodes) {
    long height = nodes.stream().mapToLong(n -> witness(n).finalHeight()).min().orElseThrow();
    var expected = witness(nodes.get(0)).chain().certified(height).orElseThrow().block().hash();
    for (NetworkedNode node : nodes) {
      var hash = witness(node).chain().certified(height).orElseThrow().block().hash();
      if (!hash.equals(expected)) {
        throw new IllegalStateException("witnesses disagree on final block " + height);
      }
    }
    return height;
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

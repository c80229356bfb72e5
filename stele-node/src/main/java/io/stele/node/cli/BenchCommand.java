package io.stele.node.cli;

import static java.util.Arrays.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.bench.exchange.ExchangeLatency;
import io.stele.bench.ledger.LedgerLoad;
import io.stele.bench.ledger.NetworkLoad;
import io.stele.bench.ledger.SimulatedWitnessLoad;
import io.stele.bench.ledger.SimulatedWitnessLoad.Submission;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SecureRng;
import io.stele.exchange.pipeline.ExchangePipeline;
import io.stele.ledger.genesis.Genesis;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import io.stele.node.devnet.Devnet;
import io.stele.node.devnet.DevnetProcesses;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: ledger load, exchange latency and restart, JMH micro-benchmarks.",
    subcommands = {
      BenchCommand.Ledger.class,
      BenchCommand.Exchange.class,
      BenchCommand.ExchangeRestart.class,
      BenchCommand.Jmh.class
    })
final class BenchCommand {

  @Command(
      name = "ledger",
      mixinStandardHelpOptions = true,
      description = {
        "Load a solo ledger node in this process: pre-signed transfers from many funded",
        "accounts at full speed (throughput, submit-to-final latency), then anchors (receipts",
        "verified offline). Prints tps, p50Ms and p99Ms of the transfers, and every figure.",
        "With --witnesses N > 1: a devnet of N witness processes on 127.0.0.1 in a temporary",
        "directory, loaded over their HTTP APIs (transfers only). With N > 7 or --simulated:",
        "N witness nodes in this JVM on the simulated network (tps, p50Ms, p99Ms in simulated",
        "time; wallTps per wall second)."
      })
  static final class Ledger implements Callable<Integer> {
    @Option(
        names = "--transactions",
        paramLabel = "N",
        defaultValue = "20000",
        description = "Transfers to submit (default: ${DEFAULT-VALUE}).")
    int transactions;

    @Option(
        names = "--accounts",
        paramLabel = "N",
        defaultValue = "1000",
        description = "Funded sender accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(
        names = "--interval",
        paramLabel = "MS",
        defaultValue = "100",
        description = "Block interval in milliseconds (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(
        names = "--anchors",
        paramLabel = "N",
        defaultValue = "10000",
        description = "Hashes to anchor after the transfers; 0 skips (default: ${DEFAULT-VALUE}).")
    int anchors;

    @Option(
        names = "--witnesses",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "1: a solo node in this process; 2 to 7: that many witness processes;"
                + " 8 to 21: simulated witnesses in this process (default: ${DEFAULT-VALUE}).")
    int witnesses;

    @Option(
        names = "--simulated",
        description = "Witnesses in this JVM on the simulated network (implied when N > 7).")
    boolean simulated;

    @Option(
        names = "--rate",
        paramLabel = "N",
        defaultValue = "1000",
        description =
            "Simulated runs, and witness processes with --duration: transfers offered per"
                + " second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--broadcast",
        description =
            "Simulated runs: hand each transfer to every witness (admitted on all cores) instead"
                + " of to one witness that gossips it.")
    boolean broadcast;

    @Option(
        names = "--block-interval",
        paramLabel = "MS",
        defaultValue = "200",
        description =
            "Simulated runs: the chain's minimum block interval t_w (t_o is the larger of it and"
                + " 1 s; default: ${DEFAULT-VALUE}, as the devnet).")
    long blockInterval;

    @Option(
        names = "--duration",
        paramLabel = "SECONDS",
        description =
            "Witness processes: offer --rate transfers per second for this long instead of"
                + " --transactions as fast as they go; figures per minute and the nodes' memory.")
    Integer duration;

    @Option(
        names = "--warmup",
        paramLabel = "SECONDS",
        defaultValue = "0",
        description =
            "Witness processes with --duration: offer the same rate this long first and report"
                + " it apart (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin OutputOptions output;

    @Override
    public Integer call() throws Exception {
      if (transactions < 1 || accounts < 1 || accounts > transactions || anchors < 0 || rate < 1) {
        throw new SteleException(
            "cli.bad_option", "need 1 <= --accounts <= --transactions and --anchors >= 0");
      }
      if (witnesses < 1 || witnesses > DevnetCommand.MAX_WITNESSES) {
        throw new SteleException("cli.bad_option", "--witnesses must be 1 to 21");
      }
      if (blockInterval < 10 || blockInterval > 60_000) {
        throw new SteleException("cli.bad_option", "--block-interval must be 10 to 60000 ms");
      }
      Terminal terminal = Terminal.system();
      if (witnesses > 1 && (simulated || witnesses > 7)) {
        terminal.status("ledger load: " + witnesses + " simulated witnesses ...");
        ObjectNode figures =
            SimulatedWitnessLoad.run(
                witnesses,
                transactions,
                accounts,
                rate,
                broadcast ? Submission.BROADCAST : Submission.GOSSIP,
                blockInterval,
                terminal::status);
        terminal.clear();
        output.print(figures);
        return ExitCode.OK;
      }
      if (warmup < 0 || (warmup > 0 && duration == null)) {
        throw new SteleException("cli.bad_option", "--warmup takes --duration and >= 0 s");
      }
      if (duration != null && (witnesses == 1 || duration < 1)) {
        throw new SteleException(
            "cli.bad_option", "--duration takes witness processes (--witnesses 2..7) and >= 1 s");
      }
      if (witnesses > 1) {
        terminal.status("ledger load: " + witnesses + " witness processes ...");
        ObjectNode figures =
            WitnessesBench.run(
                witnesses,
                apis ->
                    duration == null
                        ? NetworkLoad.run(
                            apis.uris(), apis.genesis(), apis.faucet(), transactions, accounts)
                        : NetworkLoad.sustained(
                            apis.uris(),
                            apis.genesis(),
                            apis.faucet(),
                            rate,
                            duration,
                            warmup,
                            accounts));
        terminal.clear();
        output.print(figures);
        return ExitCode.OK;
      }
      terminal.status("ledger load: " + transactions + " transfers, " + anchors + " anchors ...");
      ObjectNode figures = LedgerLoad.run(transactions, accounts, intervalMs, anchors);
      terminal.clear();
      ObjectNode result = output.object();
      JsonNode transfers = figures.path("transfers");
      for (String headline : new String[] {"tps", "p50Ms", "p99Ms"}) {
        result.set(headline, transfers.path(headline));
      }
      result.setAll(figures);
      output.print(result);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "exchange",
      mixinStandardHelpOptions = true,
      description = {
        "Open-loop latency of the exchange pipeline (ring; journal and engine in parallel):",
        "commands go out at a constant rate and each one's latency counts from its intended",
        "send time, so stalls are not hidden. Prints commandsPerSecond and the engine latency",
        "p50Us, p99Us, p9999Us; ackP50Us, ackP99Us, ackP9999Us are to the durable reply.",
        "With --journal off: the engine path alone (ring and business thread, nothing durable);",
        "\"journal\" in the output says which arrangement the figures come from."
      })
  static final class Exchange implements Callable<Integer> {
    @Option(
        names = "--rate",
        paramLabel = "N",
        defaultValue = "1000000",
        description = "Commands per second (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(
        names = "--commands",
        paramLabel = "N",
        defaultValue = "2000000",
        description =
            "Measured commands, after as many again for warm-up (default: ${DEFAULT-VALUE}).")
    int commands;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Where to put the journal (default: a temporary directory, deleted after).")
    Path dir;

    @Option(
        names = "--journal",
        paramLabel = "on|off",
        defaultValue = "on",
        description = "off: no journal thread, engine latency only (default: ${DEFAULT-VALUE}).")
    String journal;

    @Option(
        names = "--idle",
        paramLabel = "spin|back-off",
        description =
            "How the business thread waits for commands (default: back-off with the journal on,"
                + " spin with it off).")
    String idle;

    @Mixin OutputOptions output;

    @Override
    public Integer call() throws Exception {
      if (rate < 1 || commands < 1) {
        throw new SteleException("cli.bad_option", "--rate and --commands must be positive");
      }
      if (!journal.equals("on") && !journal.equals("off")) {
        throw new SteleException("cli.bad_option", "--journal must be on or off");
      }
      boolean journaled = journal.equals("on");
      ExchangePipeline.Idle wait =
          switch (idle == null ? (journaled ? "back-off" : "spin") : idle) {
            case "spin" -> ExchangePipeline.Idle.BUSY_SPIN;
            case "back-off" -> ExchangePipeline.Idle.BACK_OFF;
            default ->
                throw new SteleException("cli.bad_option", "--idle must be spin or back-off");
          };
      output.print(
          journaled
              ? inScratch(dir, d -> ExchangeLatency.run(rate, commands, commands, true, wait, d))
              : ExchangeLatency.run(rate, commands, commands, false, wait, null));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "exchange-restart",
      mixinStandardHelpOptions = true,
      description = {
        "Load funded accounts and resting orders through the exchange pipeline, snapshot, and",
        "time the restart from the snapshot. Prints restartMs."
      })
  static final class ExchangeRestart implements Callable<Integer> {
    @Option(
        names = "--accounts",
        paramLabel = "N",
        defaultValue = "1000000",
        description = "Funded accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(
        names = "--orders",
        paramLabel = "N",
        defaultValue = "1000000",
        description = "Resting orders (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Where to put journal and snapshot (default: a temporary directory).")
    Path dir;

    @Mixin OutputOptions output;

    @Override
    public Integer call() throws Exception {
      if (accounts < 1 || orders < 0) {
        throw new SteleException(
            "cli.bad_option", "--accounts must be positive, --orders not negative");
      }
      output.print(
          inScratch(dir, d -> io.stele.bench.exchange.ExchangeRestart.run(accounts, orders, d)));
      return ExitCode.OK;
    }
  }

  /** Runs {@code bench} in {@code dir}, or in a temporary directory that is deleted afterwards. */
  private static ObjectNode inScratch(Path dir, java.util.function.Function<Path, ObjectNode> bench)
      throws IOException {
    if (dir != null) {
      return bench.apply(dir);
    }
    Path scratch = Files.createTempDirectory("stele-bench-exchange");
    try {
      return bench.apply(scratch);
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Command(
      name = "jmh",
      description = {
        "Run the JMH micro-benchmarks; every argument goes to JMH unchanged.",
        "Example: stele bench jmh -f 1 -wi 1 -i 3 Ed25519 (JMH's own help: stele bench jmh -h)."
      })
  static final class Jmh implements Runnable {
    @Unmatched List<String> jmhArgs = new ArrayList<>();

    @Override
    public void run() {
      try {
        org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
      } catch (Exception e) {
        throw new SteleException("bench.failed", "JMH failed: " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@code stele bench ledger --witnesses N}: a fresh devnet of N witness processes in a temporary
   * directory, loaded by {@link NetworkLoad} through their APIs, then stopped and deleted.
   */
  static final class WitnessesBench {
    private WitnessesBench() {}

    /** The running devnet as a load sees it. */
    record Target(List<URI> uris, Genesis genesis, KeyPair faucet) {}

    /** A load on a running devnet. */
    interface Load {
      ObjectNode apply(Target target) throws Exception;
    }

    static ObjectNode run(int witnesses, Load load) throws Exception {
      Path dir = Files.createTempDirectory("stele-bench-witnesses");
      try {
        int api = freeRange(witnesses);
        int p2p = freeRange(witnesses);
        Devnet devnet =
            Devnet.prepare(
                dir, "127.0.0.1", api, p2p, witnesses, 0, new SecureRng(), new SystemClock());
        KeyPair faucet =
            KeyFile.read(
                dir.resolve("keys/faucet.key"), Passphrases.fromFile(dir.resolve("passphrase")));
        try (DevnetProcesses processes = DevnetProcesses.start(devnet, System.err)) {
          List<URI> apis = processes.running().stream().map(r -> URI.create(r.apiUrl())).toList();
          long[] cpuBefore = cpuTicks(processes.running());
          ObjectNode figures = load.apply(new Target(apis, devnet.genesis(), faucet));
          long[] cpuAfter = cpuTicks(processes.running());
          figures.put("witnesses", witnesses);
          // CPU the node processes spent on the load (funding and warm-up included): what the
          // machine's other work does not change, unlike the wall-clock figures
          long finalized =
              figures.path("final").asLong() + figures.path("warmup").path("final").asLong();
          if (LongStream.concat(stream(cpuBefore), stream(cpuAfter)).allMatch(t -> t >= 0)) {
            ObjectNode cpu = figures.putObject("nodeCpuSeconds");
            long total = 0;
            for (int i = 0; i < cpuAfter.length; i++) {
              long spent = cpuAfter[i] - cpuBefore[i];
              total += spent;
              String name = processes.running().get(i).member().name();
              cpu.put(name, spent / (double) TICKS_PER_SECOND);
            }
            if (finalized > 0) {
              figures.put(
                  "nodeCpuMicrosPerTransfer", total * 1_000_000L / TICKS_PER_SECOND / finalized);
            }
          }
          // rounds past 0 are a proposal missed or late: where a tail of latency comes from
          ObjectNode rounds = figures.putObject("consensus");
          JsonNode atWarmupEnd = figures.path("warmup").path("consensusAtEnd");
          for (int i = 0; i < apis.size(); i++) {
            JsonNode status = new NodeClient(apis.get(i)).getObject("/v1/status");
            JsonNode c = status.path("consensus");
            ObjectNode witness =
                rounds
                    .putObject(processes.running().get(i).member().name())
                    .put("height", c.path("height").asLong())
                    .put("laterRoundCommits", c.path("laterRoundCommits").asLong())
                    .put("certifiedCommits", c.path("certifiedCommits").asLong())
                    .put("queueFull", status.path("network").path("queueFull").asLong());
            witness.set("timeouts", c.path("timeouts"));
            if (atWarmupEnd.has(i)) {
              witness.set("afterWarmup", since(c, atWarmupEnd.get(i)));
            }
            witness.set("recentTimeouts", c.path("recentTimeouts"));
            witness.set("slowSteps", c.path("slowSteps"));
          }
          if (figures.path("warmup") instanceof ObjectNode warmup) {
            warmup.remove("consensusAtEnd");
          }
          ObjectNode memory = figures.putObject("residentMiB");
          for (DevnetProcesses.Running r : processes.running()) {
            residentMiB(r.process().pid()).ifPresent(mib -> memory.put(r.member().name(), mib));
          }
          return figures;
        }
      } finally {
        deleteTree(dir);
      }
    }

    /** A witness's round counters since {@code before} (its status's consensus part then). */
    private static ObjectNode since(JsonNode now, JsonNode before) {
      ObjectNode o =
          JsonNodeFactory.instance
              .objectNode()
              .put("fromHeight", before.path("height").asLong())
              .put(
                  "laterRoundCommits",
                  now.path("laterRoundCommits").asLong()
                      - before.path("laterRoundCommits").asLong());
      ObjectNode timeouts = o.putObject("timeouts");
      now.path("timeouts")
          .fields()
          .forEachRemaining(
              e ->
                  timeouts.put(
                      e.getKey(),
                      e.getValue().asLong() - before.path("timeouts").path(e.getKey()).asLong()));
      return o;
    }

    /** Linux's USER_HZ, the unit of the CPU times in /proc/PID/stat. */
    private static final long TICKS_PER_SECOND = 100;

    /** User plus system CPU time of each process so far, in ticks; -1 where /proc cannot tell. */
    private static long[] cpuTicks(List<DevnetProcesses.Running> running) {
      long[] ticks = new long[running.size()];
      for (int i = 0; i < ticks.length; i++) {
        Path stat = Path.of("/proc", Long.toString(running.get(i).process().pid()), "stat");
        try {
          String line = Files.readString(stat);
          String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
          ticks[i] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException unavailable) {
          ticks[i] = -1;
        }
      }
      return ticks;
    }

    /** The resident memory of a process, from /proc on Linux; empty elsewhere. */
    private static OptionalLong residentMiB(long pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            return OptionalLong.of(kib / 1024);
          }
        }
      } catch (IOException | NumberFormatException unavailable) {
        // not Linux, or the process is gone: the figure is left out
      }
      return OptionalLong.empty();
    }

    /** A first port with {@code count} free ports from it (checked now; a race stays possible). */
    private static int freeRange(int count) throws IOException {
      for (int attempt = 0; attempt < 50; attempt++) {
        int base;
        try (ServerSocket probe = new ServerSocket(0)) {
          base = probe.getLocalPort();
        }
        if (base + count > 65535) {
          continue;
        }
        boolean free = true;
        for (int p = base; p < base + count && free; p++) {
          try (ServerSocket s = new ServerSocket(p)) {
            free = s.getLocalPort() == p;
          } catch (IOException taken) {
            free = false;
          }
        }
        if (free) {
          return base;
        }
      }
      throw new SteleException("cli.io", "no range of " + count + " free ports found");
    }

    private static void deleteTree(Path root) throws IOException {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}

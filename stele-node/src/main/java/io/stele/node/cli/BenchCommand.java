package io.stele.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.bench.ledger.LedgerLoad;
import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: ledger load, and the JMH micro-benchmarks.",
    subcommands = {BenchCommand.Ledger.class, BenchCommand.Jmh.class})
final class BenchCommand {

  @Command(
      name = "ledger",
      mixinStandardHelpOptions = true,
      description = {
        "Load a solo ledger node in this process: pre-signed transfers from many funded",
        "accounts at full speed (throughput, submit-to-final latency), then anchors (receipts",
        "verified offline). Prints tps, p50Ms and p99Ms of the transfers, and every figure."
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

    @Mixin OutputOptions output;

    @Override
    public Integer call() throws Exception {
      if (transactions < 1 || accounts < 1 || accounts > transactions || anchors < 0) {
        throw new SteleException(
            "cli.bad_option", "need 1 <= --accounts <= --transactions and --anchors >= 0");
      }
      Terminal terminal = Terminal.system();
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
}

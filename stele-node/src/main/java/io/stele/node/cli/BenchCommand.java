package io.stele.node.cli;

import io.stele.core.error.SteleException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: ledger load, and the JMH micro-benchmarks.",
    subcommands = {BenchCommand.Jmh.class})
final class BenchCommand {

  @Command(
      name = "jmh",
      description = {
        "Run the JMH micro-benchmarks; every argument goes to JMH unchanged.",
        "Example: stele bench jmh -f 1 -wi 1 -i 3 Ed25519 (JMH's own help: stele bench jmh -h)."
      })
  static final class Jmh implements Runnable {
    @Unmatched List<String> jmhArgs = List.of();

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

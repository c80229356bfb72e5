package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SteleCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString())
        .contains(
            "keys",
            "genesis",
            "node",
            "devnet",
            "tx",
            "anchor",
            "verify",
            "status",
            "block",
            "bench",
            "workflow",
            "exchange");
  }

  @Test
  void everySubcommandHasHelp() {
    String[][] commands = {
      {"keys", "new"},
      {"keys", "show"},
      {"genesis", "new"},
      {"node"},
      {"devnet"},
      {"tx", "transfer"},
      {"tx", "register"},
      {"tx", "vote"},
      {"anchor"},
      {"verify", "receipt"},
      {"verify", "chain"},
      {"workflow", "play"},
      {"workflow", "lint"},
      {"exchange", "replay"},
      {"status"},
      {"block"},
      {"bench", "ledger"}
    };
    for (String[] command : commands) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      assertThat(run(args)).as(String.join(" ", command)).isEqualTo(0);
    }
    assertThat(out.toString()).contains("--node", "--json", "--wait");
  }

  @Test
  void benchLedgerPrintsThroughputAndLatency() throws Exception {
    int exit =
        run(
            "bench",
            "ledger",
            "--json",
            "--transactions",
            "200",
            "--accounts",
            "20",
            "--anchors",
            "0");
    assertThat(exit).as(err.toString()).isEqualTo(0);
    var figures = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    assertThat(figures.path("tps").asLong()).isPositive();
    assertThat(figures.path("p99Ms").asDouble())
        .isGreaterThanOrEqualTo(figures.path("p50Ms").asDouble());
    assertThat(figures.path("transfers").path("transactions").asInt()).isEqualTo(200);
  }

  @Test
  void benchJmhPassesItsArgumentsToJmh() {
    // JMH exits the JVM itself on bad options, so only a listing is run in-process.
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream jmhOut = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(jmhOut, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(run("bench", "jmh", "-l")).as(err.toString()).isEqualTo(0);
    } finally {
      System.setOut(original);
    }
    assertThat(jmhOut.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("Benchmarks:", "io.stele.bench.core.Ed25519Benchmark.verify");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("no-such-command")).isEqualTo(2);
    assertThat(run("anchor")).isEqualTo(2);
    assertThat(err.toString()).contains("HASH");
  }

  @Test
  void anUnreachableNodeExitsThreeWithItsCode() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(run("status", "--node", "http://127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err.toString()).startsWith("stele: cli.unreachable: ").contains("127.0.0.1:" + port);
  }

  @Test
  void aNodeUrlThatIsNotHttpIsRefused() {
    assertThat(run("status", "--node", "ftp://x")).isEqualTo(2);
    assertThat(err.toString()).contains("cli.bad_option");
  }

  @Test
  void aWarmupWithoutADurationIsRefusedBeforeAnyNodeStarts() {
    assertThat(run("bench", "ledger", "--witnesses", "4", "--warmup", "30")).isEqualTo(2);
    assertThat(err.toString()).contains("cli.bad_option", "--warmup takes --duration");
  }
}

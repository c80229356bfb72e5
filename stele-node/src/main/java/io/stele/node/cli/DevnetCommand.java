package io.stele.node.cli;

import io.stele.core.clock.SystemClock;
import io.stele.core.error.SteleException;
import io.stele.core.random.SecureRng;
import io.stele.node.devnet.Devnet;
import io.stele.node.devnet.DevnetManifest;
import io.stele.node.devnet.DevnetProcesses;
import io.stele.node.exchange.ExchangeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Run a development network on this machine until Ctrl-C or SIGTERM: each member is its",
      "own `stele node` process on 127.0.0.1, all of them peered.",
      "The first start creates keys, a funded faucet account and a genesis under --data;",
      "later starts reuse them. DIR/devnet.json lists the running nodes (pid, apiUrl, p2p, role)."
    })
final class DevnetCommand implements Callable<Integer> {
  /** Seats a witness set may have. */
  static final int MAX_WITNESSES = 21;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "Where the devnet keeps its files (default: ./${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "API port of the first node; node N gets PORT+N-1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--p2p-port",
      paramLabel = "PORT",
      description = "Peer port of the first node; node N gets PORT+N-1 (default: --port + 1000).")
  Integer p2pPort;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Interface the APIs and peer ports listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--witnesses",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Witnesses of a new chain, 1 to 21, each its own process (default: ${DEFAULT-VALUE}).")
  int witnesses;

  @Option(
      names = "--followers",
      paramLabel = "M",
      defaultValue = "0",
      description = "Follower nodes that sync the chain and relay transactions (default: 0).")
  int followers;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Terminal terminal = Terminal.system();
    if (!Files.exists(data.resolve("genesis.json"))) {
      terminal.status("devnet: creating keys and genesis in " + data + " ...");
    }
    int peerPort = p2pPort != null ? p2pPort : port + 1000;
    Devnet devnet =
        Devnet.prepare(
            data, host, port, peerPort, witnesses, followers, new SecureRng(), new SystemClock());
    if (devnet.genesis().witnesses().size() != witnesses) {
      throw new SteleException(
          "devnet.witnesses",
          data
              + " holds a chain with "
              + devnet.genesis().witnesses().size()
              + " witnesses, not "
              + witnesses
              + "; remove it to start a new chain");
    }
    terminal.status("devnet: starting " + devnet.members().size() + " nodes ...");
    DevnetProcesses processes = DevnetProcesses.start(devnet, System.err);
    terminal.clear();
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C reaches the members too (one process group); SIGTERM reaches only this process.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    processes.close();
                    DevnetManifest.remove(data);
                  } finally {
                    stopped.countDown();
                  }
                },
                "stele-devnet-shutdown"));
    List<DevnetManifest.Entry> entries = new ArrayList<>();
    for (DevnetProcesses.Running r : processes.running()) {
      entries.add(
          new DevnetManifest.Entry(
              r.member().name(),
              r.process().pid(),
              r.apiUrl(),
              r.member().role(),
              r.member().config().dataDir(),
              r.member().p2pAddress()));
    }
    Path manifest =
        DevnetManifest.write(
            data, String.valueOf((char) devnet.genesis().chainId()), devnet.genesisFile(), entries);
    if (output.json) {
      output.out().println(Files.readString(manifest).strip());
      output.out().flush();
    }
    StringBuilder where = new StringBuilder();
    for (DevnetManifest.Entry e : entries) {
      where.append(
          String.format(
              "  %-12s %-8s pid %-8d API %s  p2p %s  log %s%n",
              e.name(),
              e.role(),
              e.pid(),
              e.apiUrl(),
              e.p2p(),
              data.resolve(e.name()).resolve("node.log")));
    }
    System.err.print(
        "stele devnet: chain "
            + (char) devnet.genesis().chainId()
            + ", files in "
            + data
            + " (faucet key: "
            + data.resolve("keys/faucet.key")
            + ", passphrase file: "
            + data.resolve("passphrase")
            + ")\n"
            + where
            + fix(devnet)
            + "Ctrl-C stops it\n");
    stopped.await();
    return ExitCode.OK;
  }

  /** Where FIX clients connect, as DIR/exchange.json says (docs/exchange.md). */
  private String fix(Devnet devnet) {
    Devnet.Member runner = devnet.members().get(0);
    return runner
        .config()
        .exchange()
        .flatMap(file -> ExchangeSettings.readFix(file, devnet.genesis().chainId(), data))
        .map(
            f ->
                String.format(
                    "  FIX 4.4 on %s:%s (%s), TargetCompID %s; SenderCompID %s logs on with the"
                        + " faucet key%n",
                    f.host(),
                    f.port() == 0 ? "<a free port, see its log>" : f.port(),
                    runner.name(),
                    f.compId(),
                    ExchangeSettings.DEVNET_FIX_FAUCET))
        .orElse("");
  }

  private void checkOptions() {
    if (witnesses < 1 || witnesses > MAX_WITNESSES) {
      throw new SteleException(
          "cli.bad_option", "--witnesses must be 1 to " + MAX_WITNESSES + ", not " + witnesses);
    }
    if (followers < 0 || followers > 32) {
      throw new SteleException("cli.bad_option", "--followers must be 0 to 32, not " + followers);
    }
    int members = witnesses + followers;
    if (port < 1 || port + members - 1 > 65535) {
      throw new SteleException(
          "cli.bad_option", "--port must leave room for " + members + " ports up to 65535");
    }
    if (p2pPort != null && (p2pPort < 1 || p2pPort + members - 1 > 65535)
        || p2pPort == null && port + 1000 + members - 1 > 65535) {
      throw new SteleException(
          "cli.bad_option", "--p2p-port must leave room for " + members + " ports up to 65535");
    }
  }
}

package io.stele.node.cli;

import io.stele.core.clock.SystemClock;
import io.stele.core.random.SecureRng;
import io.stele.node.devnet.Devnet;
import io.stele.node.devnet.DevnetManifest;
import io.stele.node.exchange.ExchangeSettings;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Run a development network on this machine until Ctrl-C or SIGTERM.",
      "The first start creates keys, a funded faucet account and a genesis under --data;",
      "later starts reuse them. DIR/devnet.json lists the running nodes (pid, apiUrl, role)."
    })
final class DevnetCommand implements Callable<Integer> {
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
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Interface the APIs listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    Terminal terminal = Terminal.system();
    if (!Files.exists(data.resolve("genesis.json"))) {
      terminal.status("devnet: creating keys and genesis in " + data + " ...");
    }
    Devnet devnet = Devnet.prepare(data, host, port, new SecureRng(), new SystemClock());
    terminal.clear();
    Devnet.Member member = devnet.members().get(0);
    RunningNode node = NodeLauncher.launch(member.config());
    node.whenClosed(() -> DevnetManifest.remove(data));
    node.closeOnShutdown();
    Path manifest =
        DevnetManifest.write(
            data,
            String.valueOf((char) devnet.genesis().chainId()),
            devnet.genesisFile(),
            List.of(
                new DevnetManifest.Entry(
                    member.name(),
                    ProcessHandle.current().pid(),
                    node.apiUrl(),
                    member.role(),
                    member.config().dataDir())));
    if (output.json) {
      output.out().println(Files.readString(manifest).strip());
      output.out().flush();
    }
    System.err.println(
        "stele devnet: chain "
            + (char) devnet.genesis().chainId()
            + ", API on "
            + node.apiUrl()
            + ", files in "
            + data
            + " (faucet key: "
            + data.resolve("keys/faucet.key")
            + ", passphrase file: "
            + data.resolve("passphrase")
            + ")"
            + fix(member, devnet)
            + "; Ctrl-C stops it");
    node.awaitClose();
    return ExitCode.OK;
  }

  /** Where FIX clients connect, as DIR/exchange.json says (docs/exchange.md). */
  private String fix(Devnet.Member member, Devnet devnet) {
    return member
        .config()
        .exchange()
        .flatMap(file -> ExchangeSettings.readFix(file, devnet.genesis().chainId(), data))
        .map(
            f ->
                ", FIX 4.4 on "
                    + f.host()
                    + ":"
                    + (f.port() == 0 ? "<any free port, see the log>" : f.port())
                    + " as "
                    + f.compId()
                    + " (SenderCompID "
                    + ExchangeSettings.DEVNET_FIX_FAUCET
                    + " logs on with the faucet key)")
        .orElse("");
  }
}

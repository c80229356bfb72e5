package io.stele.node.cli;

import io.stele.core.error.SteleException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stele} command. Every failure ends with a non-zero exit code and one line on stderr:
 * the stable code and the message ({@code tx.bad_signature: ...}).
 */
@Command(
    name = "stele",
    mixinStandardHelpOptions = true,
    version = "stele 0.1.0",
    description =
        "Stele: a ledger with BFT finality and offline-verifiable receipts, Live Contracts"
            + " and a fair exchange.",
    subcommands = {
      KeysCommand.class,
      GenesisCommand.class,
      NodeCommand.class,
      DevnetCommand.class,
      TxCommand.class,
      AnchorCommand.class,
      VerifyCommand.class,
      StatusCommand.class,
      BlockCommand.class,
      BenchCommand.class,
      WorkflowCommand.class,
      ExchangeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SteleCommand {

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line; returns the exit code instead of exiting, for tests and embedding. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new SteleCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof SteleException stele) {
            err.println("stele: " + stele.code() + ": " + stele.getMessage());
            return ExitCode.of(stele);
          }
          if (e instanceof UncheckedIOException io) {
            err.println("stele: cli.io: " + io.getMessage() + ": " + io.getCause().getMessage());
            return ExitCode.UNAVAILABLE;
          }
          err.println("stele: internal error: " + e);
          return ExitCode.INTERNAL;
        });
    return cli.execute(args);
  }
}

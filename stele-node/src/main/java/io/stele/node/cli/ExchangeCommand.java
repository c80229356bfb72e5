package io.stele.node.cli;

import io.stele.exchange.replay.Replay;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "exchange",
    mixinStandardHelpOptions = true,
    description = "The fair exchange's tools.",
    subcommands = {ExchangeCommand.ReplayCommand.class})
final class ExchangeCommand {

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Run a file of exchange commands (one JSON object per line; docs/exchange.md) through",
        "a fresh matching engine and print every resulting event as one JSON object per line,",
        "then the final state hash."
      })
  static final class ReplayCommand implements Runnable {
    @Parameters(paramLabel = "FILE", description = "The command file.")
    Path file;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      try (Reader commands = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          PrintStream events = LineStream.to(output.out())) {
        new Replay().run(commands, events);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }
}

package io.stele.node.devnet;

import io.stele.core.error.SteleException;
import io.stele.node.client.NodeClient;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs each devnet member as its own {@code stele node --config DIR/MEMBER/node.json} process, with
 * this JVM's class path and heap limit, its output in {@code DIR/MEMBER/node.log}. Waits until
 * every member's API answers, reports a member that exits while the devnet runs, and on close asks
 * every member to stop (SIGTERM, so each closes its chain cleanly), killing any that does not
 * within 30 s.
 */
public final class DevnetProcesses implements AutoCloseable {
  private static final long STARTUP_MILLIS = 120_000;
  private static final long STOP_SECONDS = 30;

  /** A member and the process running it. */
  public record Running(Devnet.Member member, Process process, String apiUrl) {}

  private final List<Running> running;
  private volatile boolean stopping;

  private DevnetProcesses(List<Running> running) {
    this.running = running;
  }

  /**
   * Starts every member of {@code devnet} and waits until each API answers; {@code err} hears about
   * members that exit on their own later. A member that fails to come up stops them all.
   */
  public static DevnetProcesses start(Devnet devnet, PrintStream err) {
    List<Running> started = new ArrayList<>();
    DevnetProcesses processes = new DevnetProcesses(started);
    try {
      for (Devnet.Member member : devnet.members()) {
        started.add(startMember(devnet, member));
      }
      for (Running r : started) {
        awaitApi(devnet, r);
      }
    } catch (RuntimeException e) {
      processes.close();
      throw e;
    }
    for (Running r : started) {
      r.process()
          .onExit()
          .thenAccept(
              p -> {
                if (!processes.stopping) {
                  err.println(
                      "stele devnet: "
                          + r.member().name()
                          + " (pid "
                          + p.pid()
                          + ") exited with code "
                          + p.exitValue()
                          + "; see "
                          + log(devnet, r.member()));
                }
              });
    }
    return processes;
  }

  public List<Running> running() {
    return List.copyOf(running);
  }

  /** The command that runs {@code stele node --config FILE} in a JVM like this one. */
  static List<String> nodeCommand(Path config) {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("--enable-native-access=ALL-UNNAMED");
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // Heap sizes and -XX: flags (GC, flight recordings with %p in the file name) reach every
      // member, so a devnet or a ledger bench can be tuned and profiled as one.
      if (argument.startsWith("-Xmx")
          || argument.startsWith("-Xms")
          || argument.startsWith("-XX:")) {
        command.add(argument);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.stele.node.cli.SteleCommand");
    command.add("node");
    command.add("--config");
    command.add(config.toAbsolutePath().toString());
    return command;
  }

  private static Running startMember(Devnet devnet, Devnet.Member member) {
    Path config = devnet.dir().resolve(member.name()).resolve("node.json");
    Path log = log(devnet, member);
    try {
      Process process =
          new ProcessBuilder(nodeCommand(config))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      String apiUrl = "http://" + member.config().apiHost() + ":" + member.config().apiPort();
      return new Running(member, process, apiUrl);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot start " + member.name() + ": " + e, e);
    }
  }

  private static void awaitApi(Devnet devnet, Running r) {
    NodeClient client = new NodeClient(URI.create(r.apiUrl()));
    long deadline = System.currentTimeMillis() + STARTUP_MILLIS;
    while (true) {
      if (!r.process().isAlive()) {
        throw new SteleException(
            "devnet.member_failed",
            r.member().name()
                + " exited with code "
                + r.process().exitValue()
                + " while starting: "
                + tail(log(devnet, r.member())));
      }
      try {
        client.status();
        return;
      } catch (SteleException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw new SteleException(
              "devnet.member_failed",
              r.member().name() + " did not answer on " + r.apiUrl() + " in time");
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SteleException("cli.interrupted", "interrupted while starting the devnet");
      }
    }
  }

  static Path log(Devnet devnet, Devnet.Member member) {
    return devnet.dir().resolve(member.name()).resolve("node.log");
  }

  /** The last lines of a member's log, for the error that says why it did not start. */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops every member: SIGTERM, then SIGKILL for any still running after 30 s. */
  @Override
  public void close() {
    stopping = true;
    running.forEach(r -> r.process().destroy());
    for (Running r : running) {
      try {
        if (!r.process().waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
          r.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r.process().destroyForcibly();
      }
    }
  }
}

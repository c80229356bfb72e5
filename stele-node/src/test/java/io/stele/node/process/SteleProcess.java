package io.stele.node.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code stele} JVM started from the test class path, with its stdout and stderr in files so
 * a failing test can show them.
 */
final class SteleProcess implements AutoCloseable {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private SteleProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static SteleProcess start(Path logDir, String name, String... args) throws IOException {
    Files.createDirectories(logDir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.stele.node.cli.SteleCommand");
    command.addAll(List.of(args));
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
            .start();
    return new SteleProcess(process, out, err);
  }

  /** Runs a command to the end and returns its exit code (bounded by {@code timeoutSeconds}). */
  static Result run(Path logDir, String name, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    try (SteleProcess p = start(logDir, name, args)) {
      if (!p.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "stele " + String.join(" ", args) + " did not finish: " + p.logs());
      }
      return new Result(
          p.process.exitValue(), Files.readString(p.stdout), Files.readString(p.stderr));
    }
  }

  record Result(int exitCode, String stdout, String stderr) {}

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hooks, no flushing; what is on disk is all that survives. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the exit code. */
  int terminate(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new AssertionError("process did not stop on SIGTERM: " + logs());
    }
    return process.exitValue();
  }

  String logs() {
    try {
      return "\n--- stdout\n"
          + Files.readString(stdout)
          + "\n--- stderr\n"
          + Files.readString(stderr);
    } catch (IOException e) {
      return "(logs unreadable: " + e + ")";
    }
  }

  /** Kills the process and everything it started: a devnet's members would outlive it. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}

package io.stele.node.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Free ports and bounded waits for processes under test. */
final class Ports {
  /** How long a JVM may take to come up on a busy two-core machine. */
  static final long STARTUP_MILLIS = 90_000;

  private Ports() {}

  static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits for {@code file} to hold complete JSON, failing early if the process dies. */
  static JsonNode awaitFile(Path file, SteleProcess process) throws Exception {
    long deadline = System.currentTimeMillis() + STARTUP_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the process exited early:" + process.logs());
      }
      if (Files.exists(file)) {
        return new ObjectMapper().readTree(Files.readAllBytes(file));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        file + " did not appear:" + process.logs() + memberLogs(file.getParent()));
  }

  /** The last lines of each devnet member's log under {@code dataDir}: why one did not come up. */
  static String memberLogs(Path dataDir) throws IOException {
    StringBuilder out = new StringBuilder();
    if (!Files.isDirectory(dataDir)) {
      return "";
    }
    try (Stream<Path> members = Files.list(dataDir)) {
      for (Path log : members.map(m -> m.resolve("node.log")).filter(Files::exists).toList()) {
        List<String> lines = Files.readAllLines(log);
        out.append("\n--- ").append(log).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 30), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      }
    }
    return out.toString();
  }
}

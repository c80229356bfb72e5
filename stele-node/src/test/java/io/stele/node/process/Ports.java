package io.stele.node.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

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
    throw new AssertionError(file + " did not appear:" + process.logs());
  }
}

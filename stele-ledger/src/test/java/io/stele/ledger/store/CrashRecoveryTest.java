package io.stele.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.ManualClock;
import io.stele.ledger.TestChains;
import io.stele.ledger.node.SoloNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node killed with SIGKILL restarts at its last committed block with the same state root. */
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void killedNodeRestartsAtItsLastCommittedBlock() throws Exception {
    TestChains chain = TestChains.create(4);
    Random random = new Random(7);
    long lastSeen = 0;
    for (int round = 0; round < 3; round++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashingProducer.class.getName(),
                  dir.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      long committed = 0;
      int wanted = 3 + random.nextInt(5);
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
        for (int i = 0; i < wanted; i++) {
          String line = out.readLine();
          assertThat(line).as("child stopped early").isNotNull();
          committed = Long.parseLong(line);
        }
        child.destroyForcibly();
        child.waitFor();
      }
      assertThat(committed).isGreaterThan(lastSeen);
      // Opening rebuilds the state from disk and refuses to start if its root differs from the
      // head block's; it also finishes a block that was signed but not committed.
      try (SoloNode node =
          SoloNode.open(dir, chain.genesis(), chain.witness(), new ManualClock(0))) {
        ObjectNode status = node.status();
        long height = status.get("height").asLong();
        assertThat(height).isGreaterThanOrEqualTo(committed);
        ObjectNode head = node.block(height).orElseThrow();
        assertThat(head.get("stateRoot")).isEqualTo(status.get("stateRoot"));
        assertThat(node.block(height + 1)).isEmpty();
        lastSeen = height;
      }
    }
  }
}

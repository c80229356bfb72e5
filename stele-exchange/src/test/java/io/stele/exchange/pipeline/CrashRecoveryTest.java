package io.stele.exchange.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.exchange.engine.Command;
import io.stele.exchange.journal.Recovery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real exchange JVM with SIGKILL in the middle of a load and checks that the restarted
 * state holds every command the dead process had acknowledged, and equals a clean run of exactly
 * the commands it recovered.
 */
class CrashRecoveryTest {
  static final int TOTAL = 400_000;
  static final long SEED = 7;

  @TempDir Path dir;

  @Test
  void noAcknowledgedCommandIsLostToKillDashNine() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                dir.toString(),
                Integer.toString(TOTAL),
                Long.toString(SEED))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long acked = 0;
    boolean killed = false;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked = Math.max(acked, Long.parseLong(line.substring(6)));
        }
        if (acked >= 25_000) {
          // Killing closes our end of its stdout: what we read so far is what was acknowledged.
          child.destroyForcibly();
          killed = true;
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertThat(killed).as("child was killed while running").isTrue();
    assertThat(acked).isLessThan(TOTAL);

    Recovery.Recovered r = Recovery.recover(dir);
    assertThat(r.sequence()).isGreaterThanOrEqualTo(acked);
    List<Command> applied = TestLoad.commands(SEED, TOTAL).subList(0, (int) r.sequence());
    assertThat(r.engine().stateHash()).isEqualTo(ExchangePipelineTest.directHash(applied));
  }
}

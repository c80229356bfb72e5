package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.random.SeededRng;
import io.stele.node.devnet.Devnet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code stele devnet} refuses before it creates or starts anything. */
class DevnetCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void aDataDirectoryWithAnotherWitnessCountIsRefusedAndTheDefaultIsFour() {
    Path data = dir.resolve("data");
    Devnet.prepare(data, "127.0.0.1", 0, new SeededRng(1), new ManualClock(0));
    assertThat(run("devnet", "--data", data.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("stele: devnet.witnesses: ")
        .contains("holds a chain with 1 witnesses, not 4");
    assertThat(data.resolve("devnet.json")).doesNotExist();
  }

  @Test
  void witnessCountsOutsideOneToTwentyOneAreUsageErrors() {
    for (String n : new String[] {"0", "22"}) {
      assertThat(run("devnet", "--data", dir.toString(), "--witnesses", n)).as(n).isEqualTo(2);
      assertThat(err.toString()).contains("--witnesses must be 1 to 21, not " + n);
    }
    assertThat(run("devnet", "--data", dir.toString(), "--followers", "-1")).isEqualTo(2);
  }

  @Test
  void portsThatDoNotFitEveryMemberAreUsageErrors() {
    assertThat(run("devnet", "--data", dir.toString(), "--port", "65535", "--followers", "1"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--port must leave room for 5 ports");
  }
}

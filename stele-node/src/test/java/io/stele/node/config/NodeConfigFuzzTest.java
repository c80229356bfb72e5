package io.stele.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stele.core.error.SteleException;
import java.nio.file.Path;

class NodeConfigFuzzTest {
  private static final Path BASE = Path.of("/srv/stele").toAbsolutePath();

  /** Any config text is either a config whose paths are all absolute, or a config.* refusal. */
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] text) {
    NodeConfig config;
    try {
      config = NodeConfig.parse(text, BASE, "fuzz.json");
    } catch (SteleException e) {
      assertThat(e.code()).startsWith("config.");
      return;
    }
    assertThat(config.dataDir().isAbsolute()).isTrue();
    assertThat(config.genesis().isAbsolute()).isTrue();
    assertThat(config.keyFile().isAbsolute()).isTrue();
    assertThat(config.apiPort()).isBetween(0, 65535);
  }
}

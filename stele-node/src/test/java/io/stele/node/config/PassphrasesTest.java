package io.stele.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphrasesTest {
  @TempDir Path dir;

  @Test
  void takesTheFirstLineWithoutItsEnding() throws Exception {
    Path file = dir.resolve("pass");
    Files.writeString(file, "correct horse é\r\nsecond line\n");
    assertThat(new String(Passphrases.fromFile(file))).isEqualTo("correct horse é");
  }

  @Test
  void refusesFilesThatAreNotUtf8() throws Exception {
    Path file = dir.resolve("pass");
    Files.write(file, new byte[] {'a', (byte) 0xff, 'b'});
    assertThatThrownBy(() -> Passphrases.fromFile(file)).hasMessageContaining("not UTF-8");
  }

  @Test
  void refusesOversizedFiles() throws Exception {
    Path file = dir.resolve("pass");
    Files.writeString(file, "x".repeat(5000), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Passphrases.fromFile(file)).hasMessageContaining("4096");
  }
}

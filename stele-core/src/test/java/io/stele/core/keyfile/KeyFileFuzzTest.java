package io.stele.core.keyfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stele.core.error.SteleException;

class KeyFileFuzzTest {
  /**
   * Any file content either parses into bounded, well-sized parts (before any key derivation), or
   * is refused as a format or integrity error.
   */
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] file) {
    KeyFileFormat.Contents contents;
    try {
      contents = KeyFileFormat.parse(file);
    } catch (SteleException e) {
      assertThat(e.code()).isIn("keyfile.format", "keyfile.integrity");
      return;
    }
    assertThat(contents.salt().length).isBetween(16, 64);
    assertThat(contents.nonce()).hasSize(12);
    assertThat(contents.ciphertext()).hasSize(48);
    assertThat(contents.params().memoryKiB()).isBetween(8, 1024 * 1024);
  }
}

package io.stele.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stele.core.error.SteleException;

class Base58FuzzTest {
  /** Any text either decodes within the bound and re-encodes to itself, or is refused. */
  @FuzzTest(maxDuration = "30s")
  void decode(FuzzedDataProvider data) {
    int maxBytes = data.consumeInt(0, 128);
    String text = data.consumeRemainingAsString();
    byte[] decoded;
    try {
      decoded = Base58.decode(text, maxBytes);
    } catch (SteleException e) {
      assertThat(e.code()).isEqualTo("encoding.base58");
      return;
    }
    assertThat(decoded.length).isLessThanOrEqualTo(maxBytes);
    assertThat(Base58.encode(decoded)).isEqualTo(text);
  }
}

package io.stele.core.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stele.core.error.SteleException;
import java.util.Set;

class AddressFuzzTest {
  private static final Set<String> CODES =
      Set.of(
          "encoding.base58",
          "address.length",
          "address.version",
          "address.checksum",
          "address.chain");

  /** Any text is either an address of the expected chain, shown exactly as given, or refused. */
  @FuzzTest(maxDuration = "30s")
  void fromBase58(FuzzedDataProvider data) {
    byte chainId = data.consumeByte();
    String text = data.consumeRemainingAsString();
    Address address;
    try {
      address = Address.fromBase58(text, chainId);
    } catch (SteleException e) {
      assertThat(e.code()).isIn(CODES);
      return;
    }
    assertThat(address.toString()).isEqualTo(text);
    assertThat(address.chainId()).isEqualTo(chainId);
    assertThat(address.bytes().length()).isEqualTo(Address.LENGTH);
  }
}

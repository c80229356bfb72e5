package io.stele.node.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;

class ReceiptFileFuzzTest {
  /** A chain nobody has blocks for: no input can carry a valid certificate for it. */
  private static final Genesis GENESIS =
      Genesis.devnet((byte) 'F', 1, 0, new SeededRng(11)).genesis();

  /** Any file is refused with a receipt or certificate code; nothing else escapes. */
  @FuzzTest(maxDuration = "30s")
  void verify(byte[] file) {
    try {
      ReceiptFile.verify(file, "fuzz.json", GENESIS);
    } catch (SteleException e) {
      assertThat(e.code()).matches("(receipt|certificate)\\.[a-z_]+");
      return;
    }
    fail("a receipt for a chain without blocks was accepted");
  }
}

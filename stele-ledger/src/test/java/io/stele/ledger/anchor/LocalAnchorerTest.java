package io.stele.ledger.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.ledger.TestChains;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.receipt.ReceiptVerifier;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAnchorerTest {
  @TempDir Path dir;

  @Test
  void startedNodeAnchorsOnItsClockAndTheProofVerifiesOffline() throws Exception {
    TestChains chain = TestChains.create(1);
    // Half an interval after genesis: no block is due until the test advances the clock.
    ManualClock clock = new ManualClock(TestChains.START + 500);
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      node.start();
      LocalAnchorer anchorer = new LocalAnchorer(node);
      Bytes first = Bytes.wrap(new byte[] {9, 9});
      Bytes second = Bytes.wrap(new byte[] {8});
      CompletableFuture<AnchorProof> a = anchorer.anchor(first);
      CompletableFuture<AnchorProof> b = anchorer.anchor(second);
      clock.advance(chain.genesis().parameters().blockIntervalMs());
      AnchorProof proofA = a.get(20, TimeUnit.SECONDS);
      AnchorProof proofB = b.get(20, TimeUnit.SECONDS);
      assertThat(proofA.hash()).isEqualTo(first);
      assertThat(proofA.blockHeight()).isEqualTo(1);
      assertThat(proofA.compareAnchoring(proofB)).isNegative();

      ReceiptVerifier.Verified verified =
          ReceiptVerifier.verify(
              new ObjectMapper().readTree(proofA.receiptJson()), chain.genesis());
      assertThat(verified.targetHash()).isEqualTo(first);
      assertThat(verified.transactionId()).isEqualTo(proofA.transactionId());

      // Anchoring again answers with the first anchoring, the one that counts.
      AnchorProof again = anchorer.anchor(first).get(20, TimeUnit.SECONDS);
      assertThat(again.blockHeight()).isEqualTo(1);
      assertThat(again.position()).isEqualTo(proofA.position());
    }
  }
}

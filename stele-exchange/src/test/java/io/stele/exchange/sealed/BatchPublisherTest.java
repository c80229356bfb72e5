package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPublisherTest {
  @TempDir Path dir;

  private final SeededRng rng = new SeededRng(77);
  private final EpochKey.Deal deal = EpochKey.deal('T', 0, 2, 3, rng);
  private final SealedBatch batch =
      SealedBatch.seal(
          1,
          0,
          SealedBatch.GENESIS,
          List.of(
              new OrderSealer(KeyPair.generate(rng), deal.announcement(), rng, 0)
                  .seal(new byte[] {42})));

  @Test
  void publishesTheBatchThenItsAnchor() {
    InMemoryAnchorer anchorer = new InMemoryAnchorer();
    BatchArchive archive = new BatchArchive(dir);
    Optional<AnchorProof> proof = new BatchPublisher(archive, anchorer).publish(batch).join();

    assertThat(proof).contains(anchorer.proof(batch.hash()));
    assertThat(archive.readAnchor(1)).isEqualTo(proof);
    PublishedBatch published = archive.readBatch(1).orElseThrow();
    assertThat(published.hash()).isEqualTo(batch.hash());
    assertThat(published.envelopes()).containsExactly(batch.envelopes().get(0).bytes());
  }

  @Test
  void withoutAnAnchorerOnlyTheBatchIsPublished() {
    BatchArchive archive = new BatchArchive(dir);
    assertThat(new BatchPublisher(archive, null).publish(batch).join()).isEmpty();
    assertThat(archive.readBatch(1)).isPresent();
    assertThat(archive.readAnchor(1)).isEmpty();
  }
}

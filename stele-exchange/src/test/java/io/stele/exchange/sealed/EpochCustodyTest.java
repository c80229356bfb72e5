package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochCustodyTest {
  private final EpochKey.Deal deal = EpochKey.deal('T', 3, 2, 3, new SeededRng(21));

  @Test
  void anyTwoOfThreeSharesRebuildTheAnnouncedKey() {
    List<KeyShare> s = deal.shares();
    for (List<KeyShare> pair : List.of(List.of(s.get(0), s.get(1)), List.of(s.get(2), s.get(0)))) {
      EpochKey key = EpochKey.recover(deal.announcement(), pair);
      assertThat(key.announcement()).isEqualTo(deal.announcement());
    }
  }

  @Test
  void oneShareIsNotEnough() {
    assertThatThrownBy(() -> EpochKey.recover(deal.announcement(), List.of(deal.shares().get(1))))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("sealed.too_few_shares");
  }

  @Test
  void aShareThatDoesNotMatchItsCommitmentIsNamed() {
    KeyShare good = deal.shares().get(0);
    byte[] altered = good.value().toArray();
    altered[5] ^= 1;
    KeyShare bad = new KeyShare(2, Bytes.wrap(altered));
    assertThatThrownBy(() -> EpochKey.recover(deal.announcement(), List.of(good, bad)))
        .isInstanceOf(SteleException.class)
        .hasMessage("share 2 of epoch 3 does not match its commitment");
  }

  @Test
  void keyHoldersWithholdTheirShareUntilTheEpochClosed(@TempDir Path dir) {
    Pipeline pipeline = new Pipeline(5, dir, 2, new SequencerConfig(Pipeline.CHAIN, 2, 100, 2));
    EpochAnnouncement epoch = pipeline.epoch();
    KeyShare share = pipeline.deal().shares().get(1);
    KeyHolder holder = new KeyHolder(epoch, share, 2, pipeline.anchorer, 0, SealedBatch.GENESIS);
    assertThatThrownBy(holder::release)
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("epoch 0 is still open: 0 of 2 batches published");
    pipeline.submit(0, "a");
    pipeline.submit(1, "b");
    holder.observe(
        pipeline.batches.get(0), pipeline.anchorer.proof(pipeline.batches.get(0).hash()));
    assertThatThrownBy(holder::release).hasMessageContaining("1 of 2");
    pipeline.submit(0, "c");
    pipeline.submit(1, "d");
    SealedBatch second = pipeline.batches.get(1);
    holder.observe(second, pipeline.anchorer.proof(second.hash()));
    assertThat(holder.release()).isEqualTo(share);
  }

  @Test
  void keyHoldersRefuseAnUnanchoredOrUnlinkedBatch(@TempDir Path dir) {
    Pipeline pipeline = new Pipeline(6, dir, 2, new SequencerConfig(Pipeline.CHAIN, 1, 100, 3));
    pipeline.submit(0, "a");
    pipeline.submit(1, "b");
    SealedBatch first = pipeline.batches.get(0);
    SealedBatch second = pipeline.batches.get(1);
    KeyHolder holder =
        new KeyHolder(
            pipeline.epoch(),
            pipeline.deal().shares().get(0),
            3,
            pipeline.anchorer,
            0,
            SealedBatch.GENESIS);
    assertThatThrownBy(() -> holder.observe(second, null))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("sealed.chain_broken");
    SealedBatch unanchored = SealedBatch.seal(1, 0, SealedBatch.GENESIS, second.envelopes());
    assertThatThrownBy(() -> holder.observe(unanchored, pipeline.anchorer.proof(first.hash())))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("sealed.not_anchored");
  }
}

package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Pipeline pipeline;

  /** Epochs 0 and 1 closed and opened (batches 1 to 4), epoch 2 still sealed (batch 5). */
  @BeforeEach
  void runTheExchange() {
    pipeline = new Pipeline(42, dir, 3, Pipeline.smallBatches());
    for (int i = 0; i < 18; i++) {
      pipeline.submit(i % 3, "order " + i);
    }
    pipeline.tick();
  }

  private SealedAudit audit() {
    return new SealedAudit(Pipeline.CHAIN, 2, pipeline.anchorer);
  }

  private String failure() {
    try {
      audit().audit(dir);
    } catch (SteleException e) {
      return e.code() + ": " + e.getMessage();
    }
    throw new AssertionError("the audit passed");
  }

  /** A new directory holding the announcements of the pipeline's epochs, and nothing else. */
  private BatchArchive announcedIn(Path other) {
    BatchArchive published = new BatchArchive(dir);
    BatchArchive archive = new BatchArchive(other);
    for (long epoch = 0; epoch <= 2; epoch++) {
      archive.writeEpoch(published.readEpoch(epoch).orElseThrow());
    }
    return archive;
  }

  private void editBatch(long sequence, Consumer<ObjectNode> edit) throws IOException {
    Path file = dir.resolve(String.format("batch-%012d.json", sequence));
    ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(node);
    JSON.writeValue(file.toFile(), node);
  }

  @Test
  void anIntactDirectoryYieldsTheAdmittedPayloadsInOrder() {
    AuditReport report = audit().audit(dir);
    assertThat(report.batches()).isEqualTo(5);
    assertThat(report.sealedBatches()).isEqualTo(1);
    assertThat(report.opened()).hasSize(4);
    assertThat(report.payloads()).containsExactlyElementsOf(pipeline.admitted.subList(0, 16));
    assertThat(report.headHash()).isEqualTo(pipeline.batches.get(4).hash());
    assertThat(report.opened()).isEqualTo(pipeline.opened);
  }

  @Test
  void anIdleEpochClosesWithAnEmptyBatchAndOpens() {
    pipeline.tick();
    AuditReport report = audit().audit(dir);
    assertThat(report.batches()).isEqualTo(6);
    assertThat(report.sealedBatches()).isZero();
    assertThat(report.opened().get(5).orders()).isEmpty();
    assertThat(report.payloads()).containsExactlyElementsOf(pipeline.admitted);
  }

  @Test
  void reorderedEnvelopesAreNamed() throws IOException {
    editBatch(
        2,
        node -> {
          ArrayNode envelopes = (ArrayNode) node.get("envelopes");
          var first = envelopes.get(1);
          envelopes.set(1, envelopes.get(2));
          envelopes.set(2, first);
        });
    assertThat(failure())
        .isEqualTo(
            "audit.envelope_reordered: batch 2, position 1: envelopes are out of their sealed"
                + " order");
  }

  @Test
  void anInsertedEnvelopeIsNamed() throws IOException {
    String extra =
        Base64.getEncoder()
            .encodeToString(pipeline.batches.get(0).envelopes().get(0).bytes().toArray());
    editBatch(3, node -> ((ArrayNode) node.get("envelopes")).insert(2, extra));
    assertThat(failure())
        .isEqualTo("audit.envelope_inserted: batch 3, position 2: an envelope was inserted");
  }

  @Test
  void aDroppedEnvelopeIsNamed() throws IOException {
    editBatch(1, node -> ((ArrayNode) node.get("envelopes")).remove(3));
    assertThat(failure())
        .isEqualTo(
            "audit.envelope_dropped: batch 1, position 3: the sealed envelope there was dropped");
  }

  @Test
  void anAlteredEnvelopeIsNamed() throws IOException {
    editBatch(
        4,
        node -> {
          ArrayNode envelopes = (ArrayNode) node.get("envelopes");
          byte[] bytes = Base64.getDecoder().decode(envelopes.get(0).asText());
          bytes[100] ^= 1;
          envelopes.set(0, Base64.getEncoder().encodeToString(bytes));
        });
    assertThat(failure())
        .isEqualTo(
            "audit.envelope_altered: batch 4, position 0: the envelope's bytes were altered");
  }

  @Test
  void aRewrittenSealedOrderNoLongerBuildsTheRoot() throws IOException {
    editBatch(
        2,
        node -> {
          for (String column : new String[] {"leafHashes", "envelopes"}) {
            ArrayNode array = (ArrayNode) node.get(column);
            var first = array.get(0);
            array.set(0, array.get(1));
            array.set(1, first);
          }
        });
    assertThat(failure()).startsWith("audit.merkle_root: batch 2:");
  }

  @Test
  void aRecomputedBatchIsCaughtByItsAnchor() throws IOException {
    // Drop an envelope and restate the leaves, root and hash consistently: only the anchor knows.
    SealedBatch original = pipeline.batches.get(0);
    SealedBatch forged =
        SealedBatch.seal(1, 0, SealedBatch.GENESIS, original.envelopes().subList(0, 3));
    new BatchArchive(dir).writeBatch(forged);
    assertThat(failure())
        .isEqualTo(
            "audit.anchor_invalid: batch 1: the anchor does not prove its hash on the ledger");
  }

  @Test
  void aMissingAnchorIsNamed() throws IOException {
    Files.delete(dir.resolve("anchor-000000000002.json"));
    assertThat(failure()).isEqualTo("audit.anchor_missing: batch 2 has no anchor");
  }

  @Test
  void aMissingBatchBreaksTheChain() throws IOException {
    Files.delete(dir.resolve("batch-000000000003.json"));
    assertThat(failure()).startsWith("audit.chain_broken: batch 3 is missing");
  }

  @Test
  void aBatchFromElsewhereDoesNotLink() throws IOException {
    Files.copy(
        dir.resolve("batch-000000000002.json"),
        dir.resolve("batch-000000000003.json"),
        StandardCopyOption.REPLACE_EXISTING);
    editBatch(3, node -> node.put("sequence", 3));
    assertThat(failure()).startsWith("audit.chain_broken: batch 3 does not link");
  }

  @Test
  void aForgedReleasedShareIsNamed() throws IOException {
    Path shares = dir.resolve("epoch-1-shares.json");
    ObjectNode node = (ObjectNode) JSON.readTree(shares.toFile());
    ObjectNode share = (ObjectNode) node.get("shares").get(0);
    byte[] value = Bytes.fromBase58(share.get("value").asText(), 64).toArray();
    value[0] ^= 1;
    share.put("value", Bytes.wrap(value).toBase58());
    JSON.writeValue(shares.toFile(), node);
    assertThat(failure()).startsWith("audit.bad_share: share 3 of epoch 1");
  }

  /**
   * A publisher who swaps in a key of its own (announcement and shares that fit each other) and
   * declares every order undecryptable is caught: clients signed the key they sealed to.
   */
  @Test
  void aSubstitutedEpochKeyIsNamed() {
    EpochKey.Deal impostor = EpochKey.deal(Pipeline.CHAIN, 1, 2, 3, new SeededRng(666));
    BatchArchive archive = new BatchArchive(dir);
    archive.writeEpoch(impostor.announcement());
    archive.writeShares(1, impostor.shares().subList(0, 2));
    assertThat(failure())
        .startsWith("audit.epoch_key: batch 3, position 0:")
        .endsWith("was sealed to another key than the one epoch-1.json announces");
  }

  @Test
  void hiddenRejectionsAreNamed() throws IOException {
    Path file = dir.resolve("rejections-000000000002.json");
    ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
    ((ArrayNode) node.get("rejections"))
        .addObject()
        .put("position", 1)
        .put("code", "sealed.undecryptable")
        .put("message", "made up");
    JSON.writeValue(file.toFile(), node);
    assertThat(failure()).startsWith("audit.rejections: batch 2");
  }

  @Test
  void aSequencerThatAdmitsAReplayIsCaughtEvenWhenEverythingElseChecksOut(@TempDir Path other) {
    SealedEnvelope envelope = pipeline.batches.get(0).envelopes().get(0);
    SealedBatch replaying =
        SealedBatch.seal(1, 0, SealedBatch.GENESIS, List.of(envelope, envelope));
    BatchArchive archive = announcedIn(other);
    archive.writeBatch(replaying);
    archive.writeAnchor(1, pipeline.anchorer.anchor(replaying.hash()).join());
    assertThatThrownBy(() -> audit().audit(other))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("audit.replayed_counter");
  }

  @Test
  void anEpochThatChangesEarlyIsNamed(@TempDir Path other) {
    // Batch 5 (epoch 2) directly after batch 1 (epoch 0), relinked and anchored.
    SealedBatch first = pipeline.batches.get(0);
    SealedBatch jump = SealedBatch.seal(2, 2, first.hash(), pipeline.batches.get(4).envelopes());
    BatchArchive archive = announcedIn(other);
    for (SealedBatch batch : List.of(first, jump)) {
      archive.writeBatch(batch);
      archive.writeAnchor(batch.sequence(), pipeline.anchorer.anchor(batch.hash()).join());
    }
    assertThatThrownBy(() -> audit().audit(other))
        .isInstanceOf(SteleException.class)
        .hasMessage("batch 2 starts epoch 2 after 1 batches of epoch 0");
  }

  @Test
  void malformedFilesAreRefusedWithTheField() throws IOException {
    editBatch(2, node -> node.put("merkleRoot", "0OIl"));
    assertThat(failure()).startsWith("audit.malformed: field merkleRoot");
  }

  @Test
  void withoutAnchorsTheChainStillCatchesAChangedBatch() throws IOException {
    SealedBatch original = pipeline.batches.get(0);
    new BatchArchive(dir)
        .writeBatch(
            SealedBatch.seal(1, 0, SealedBatch.GENESIS, original.envelopes().subList(1, 4)));
    assertThatThrownBy(() -> new SealedAudit(Pipeline.CHAIN, 2, null).audit(dir))
        .isInstanceOf(SteleException.class)
        .hasMessage(
            "batch 2 does not link to the batch before it: a batch is missing, added or changed");
  }
}

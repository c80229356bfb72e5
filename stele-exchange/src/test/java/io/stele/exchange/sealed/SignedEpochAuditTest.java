package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a key service key, the audit accepts an epoch only with the key service's signature over
 * exactly its published announcement; a missing, forged, re-signed or altered epoch is named.
 */
class SignedEpochAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final SeededRng rng = new SeededRng(5);
  private final KeyPair keyService = KeyPair.generate(rng);
  private final KeyPair operator = KeyPair.generate(rng);
  private final List<Bytes> holders =
      List.of(Bytes.wrap(new byte[32]), Bytes.wrap(new byte[32]), Bytes.wrap(new byte[32]));
  private Pipeline pipeline;
  private BatchArchive archive;

  /** Epochs 0 and 1 opened, epoch 2 sealed, each announcement signed by the key service. */
  @BeforeEach
  void runTheExchangeWithSignedEpochs() {
    pipeline = new Pipeline(42, dir, 3, Pipeline.smallBatches());
    for (int i = 0; i < 18; i++) {
      pipeline.submit(i % 3, "order " + i);
    }
    pipeline.tick();
    archive = new BatchArchive(dir);
    for (long epoch = 0; epoch <= 2; epoch++) {
      archive.writeSignedEpoch(SignedEpoch.sign(announced(epoch), holders, keyService));
    }
  }

  private EpochAnnouncement announced(long epoch) {
    return archive.readEpoch(epoch).orElseThrow();
  }

  private SealedAudit audit(KeyPair trusted) {
    return new SealedAudit(Pipeline.CHAIN, 2, pipeline.anchorer, null, trusted.publicKey());
  }

  private String failure() {
    try {
      audit(keyService).audit(dir);
    } catch (SteleException e) {
      return e.code() + ": " + e.getMessage();
    }
    throw new AssertionError("the audit passed");
  }

  private Path signedFile(long epoch) {
    return dir.resolve("epoch-" + epoch + ".signed");
  }

  @Test
  void epochsSignedByTheKeyServicePass() {
    assertThat(audit(keyService).audit(dir).opened()).hasSize(4);
    // the file holds the announcement the dealer made, under the key service's signature
    assertThat(
            SignedEpoch.verify(archive.signedEpochFile(2).orElseThrow(), keyService.publicKey())
                .announcement())
        .isEqualTo(pipeline.epoch());
  }

  @Test
  void withoutAKeyServiceKeyNoSignatureIsAskedFor() throws IOException {
    Files.delete(signedFile(1));
    assertThat(new SealedAudit(Pipeline.CHAIN, 2, pipeline.anchorer).audit(dir).opened())
        .hasSize(4);
  }

  @Test
  void aMissingSignatureIsUnsigned() throws IOException {
    Files.delete(signedFile(1));
    assertThat(failure())
        .isEqualTo(
            "audit.epoch_unsigned: epoch 1 has no epoch-1.signed: nothing shows the key service "
                + keyService.publicKey()
                + " dealt it");
  }

  @Test
  void aChangedSignatureIsNamed() throws IOException {
    byte[] bytes = Files.readAllBytes(signedFile(2));
    bytes[bytes.length - 1] ^= 1;
    Files.write(signedFile(2), bytes);
    assertThat(failure()).startsWith("audit.epoch_signature: epoch-2.signed: ");
  }

  @Test
  void anEpochTheOperatorSignedItselfIsNamed() {
    // The operator deals itself a key for epoch 1 and signs it with its own key.
    archive.writeSignedEpoch(SignedEpoch.sign(announced(1), holders, operator));
    assertThat(failure())
        .isEqualTo(
            "audit.epoch_signer: epoch-1.signed: epoch 1 is signed by "
                + operator.publicKey()
                + ", not by "
                + keyService.publicKey());
  }

  @Test
  void anAnnouncementOtherThanTheSignedOneIsAltered() throws IOException {
    // epoch-1.json names another key (the operator's own) than the one the key service signed
    EpochKey.Deal impostor = EpochKey.deal(Pipeline.CHAIN, 1, 2, 3, new SeededRng(666));
    archive.writeEpoch(impostor.announcement());
    assertThat(failure())
        .isEqualTo(
            "audit.epoch_altered: epoch-1.json is not the announcement the key service signed in"
                + " epoch-1.signed");
  }

  @Test
  void aChangedShareCommitmentIsAltered() throws IOException {
    Path file = dir.resolve("epoch-0.json");
    ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
    node.withArray("shareCommitments").set(2, Bytes.wrap(new byte[32]).toBase58());
    JSON.writeValue(file.toFile(), node);
    assertThat(failure()).startsWith("audit.epoch_altered: epoch-0.json ");
  }

  @Test
  void anotherEpochsSignatureIsAltered() throws IOException {
    Files.copy(signedFile(0), signedFile(1), StandardCopyOption.REPLACE_EXISTING);
    assertThat(failure()).startsWith("audit.epoch_altered: epoch-1.json ");
  }

  @Test
  void aTruncatedSignedEpochIsMalformed() throws IOException {
    byte[] bytes = Files.readAllBytes(signedFile(0));
    Files.write(signedFile(0), Arrays.copyOf(bytes, 40));
    assertThat(failure()).startsWith("audit.malformed: epoch-0.signed: ");
  }
}

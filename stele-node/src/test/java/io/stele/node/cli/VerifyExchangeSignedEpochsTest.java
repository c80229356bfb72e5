package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.SignedEpoch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stele verify exchange --key-service}: the epochs of a published directory must carry the
 * key service's signature; the key the auditor brings outranks the one {@code exchange.json} names,
 * so an operator that dealt and signed an epoch itself is caught.
 */
class VerifyExchangeSignedEpochsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path batches;
  @TempDir Path keys;
  private final SeededRng rng = new SeededRng(3);
  private final KeyPair keyService = KeyPair.generate(rng);
  private final KeyPair operator = KeyPair.generate(rng);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** One run; its output replaces the last run's. */
  private int verify(String... extra) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> line =
        new ArrayList<>(
            List.of(
                "verify",
                "exchange",
                "--batches",
                batches.toString(),
                "--keys",
                keys.toString(),
                "--json"));
    Collections.addAll(line, extra);
    return SteleCommand.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new));
  }

  private String failure(String... extra) {
    assertThat(verify(extra)).as(out.toString()).isEqualTo(1);
    return err.toString().strip();
  }

  private static String base58(KeyPair key) {
    return key.publicKey().bytes().toBase58();
  }

  @Test
  void epochsSignedByTheGivenKeyServiceVerify() throws IOException {
    SealedExchangeFixture.publish(batches, keys, null, false, keyService);
    assertThat(verify("--key-service", base58(keyService))).as(err.toString()).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.path("valid").asBoolean()).isTrue();
    assertThat(report.path("custody").asText()).isEqualTo("key-service");
    assertThat(report.path("epochsChecked").asBoolean()).isTrue();
    assertThat(report.path("keyService").asText()).isEqualTo(base58(keyService));
    assertThat(report.path("keyServiceFrom").asText()).isEqualTo("--key-service");
  }

  @Test
  void withoutTheFlagTheKeyExchangeJsonNamesIsUsedAndSaidToBeTheOperators() throws IOException {
    SealedExchangeFixture.publish(batches, keys, null, false, keyService);
    assertThat(verify()).as(err.toString()).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.path("epochsChecked").asBoolean()).isTrue();
    assertThat(report.path("keyServiceFrom").asText()).startsWith("exchange.json");
  }

  @Test
  void aMissingOrChangedSignatureIsNamed() throws IOException {
    SealedExchangeFixture.publish(batches, keys, null, false, keyService);
    Path signed = batches.resolve("epoch-0.signed");
    byte[] bytes = Files.readAllBytes(signed);
    bytes[bytes.length - 10] ^= 1;
    Files.write(signed, bytes);
    assertThat(failure("--key-service", base58(keyService)))
        .startsWith("stele: audit.epoch_signature: epoch-0.signed: ");
    Files.delete(signed);
    assertThat(failure("--key-service", base58(keyService)))
        .startsWith("stele: audit.epoch_unsigned: epoch 0 has no epoch-0.signed");
  }

  @Test
  void anEpochTheOperatorSignedAndNamedItselfPassesOnlyOnItsOwnWord() throws IOException {
    SealedExchangeFixture.publish(batches, keys, null, false, keyService);
    // the operator re-signs the epoch with its own key and names that key in exchange.json
    BatchArchive archive = new BatchArchive(batches);
    archive.writeSignedEpoch(
        SignedEpoch.sign(
            archive.readEpoch(0).orElseThrow(),
            SignedEpoch.verify(archive.signedEpochFile(0).orElseThrow(), keyService.publicKey())
                .holders(),
            operator));
    Path manifest = batches.resolve("exchange.json");
    ObjectNode node = (ObjectNode) JSON.readTree(manifest.toFile());
    node.put("keyService", base58(operator));
    Files.writeString(manifest, JSON.writeValueAsString(node));
    // on exchange.json's word alone, it is consistent
    assertThat(verify()).as(err.toString()).isZero();
    assertThat(JSON.readTree(out.toString()).path("keyService").asText())
        .isEqualTo(base58(operator));
    // with the key service's real key, it is not
    assertThat(failure("--key-service", base58(keyService)))
        .startsWith("stele: audit.key_service: exchange.json names the key service ");
    // nor when exchange.json is put back: the epoch is signed by the operator
    node.put("keyService", base58(keyService));
    Files.writeString(manifest, JSON.writeValueAsString(node));
    assertThat(failure("--key-service", base58(keyService)))
        .startsWith("stele: audit.epoch_signer: epoch-0.signed: epoch 0 is signed by ");
  }

  @Test
  void aVenueThatDealtItsOwnKeysSaysSoAndFailsAnAuditThatAsksForAKeyService() throws IOException {
    SealedExchangeFixture.publish(batches, keys, null);
    assertThat(verify()).as(err.toString()).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.path("custody").asText()).isEqualTo("in-process");
    assertThat(report.path("epochsChecked").asBoolean()).isFalse();
    assertThat(report.has("keyService")).isFalse();
    assertThat(failure("--key-service", base58(keyService)))
        .startsWith("stele: audit.epoch_unsigned: ");
    // a key that does not parse is a usage error
    assertThat(verify("--key-service", "not-a-key")).isEqualTo(2);
    assertThat(err.toString()).startsWith("stele: cli.bad_option: --key-service: ");
  }
}

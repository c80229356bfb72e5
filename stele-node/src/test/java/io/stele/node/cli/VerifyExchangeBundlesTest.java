package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.SealedBatch;
import io.stele.exchange.sealed.SealedEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stele verify exchange} over a sealed exchange where Bob sent two orders as one signed
 * bundle: it verifies, and an operator that swaps the bundle's members before sealing (so that the
 * batch itself hashes consistently) is named.
 */
class VerifyExchangeBundlesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path batches;
  @TempDir Path keys;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private List<SealedBatch> sealed;

  @BeforeEach
  void publishASealedExchangeWithABundle() {
    sealed = SealedExchangeFixture.publish(batches, keys, null, true);
  }

  private int verify() {
    return SteleCommand.execute(
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        "verify",
        "exchange",
        "--batches",
        batches.toString(),
        "--keys",
        keys.toString(),
        "--json");
  }

  @Test
  void anExchangeWithABundleVerifiesAndTradesAsBefore() throws IOException {
    assertThat(sealed.get(0).envelopes()).hasSize(5);
    assertThat(sealed.get(0).bundles()).hasSize(1);
    assertThat(sealed.get(0).bundles().get(0).position()).isEqualTo(3);
    assertThat(verify()).as(err.toString()).isEqualTo(0);
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.get("valid").asBoolean()).isTrue();
    assertThat(report.get("trades").asLong()).isEqualTo(4);
  }

  @Test
  void swappedBundleMembersAreNamed() {
    SealedBatch first = sealed.get(0);
    List<SealedEnvelope> envelopes = new ArrayList<>(first.envelopes());
    envelopes.add(3, envelopes.remove(4));
    new BatchArchive(batches)
        .writeBatch(
            SealedBatch.seal(1, first.epoch(), first.previousHash(), envelopes, first.bundles()));
    assertThat(verify()).as(out.toString()).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "stele: audit.bundle_member_reordered: batch 1, position 3: the bundle's members are"
                + " out of the order its client signed");
  }
}

package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.exchange.sealed.SealedBatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stele verify exchange} on a directory published by a two-client sealed exchange (one epoch
 * of two batches, four trades), intact and then altered one way at a time.
 */
class VerifyExchangeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path batches;
  @TempDir Path keys;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private SealedBatch firstBatch;

  @BeforeEach
  void publishASealedExchange() {
    firstBatch = SealedExchangeFixture.publish(batches, keys, null).get(0);
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

  private void assertRejectedWith(String line) {
    assertThat(verify()).as(out.toString()).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("stele: " + line);
  }

  private void edit(String kind, long sequence, Consumer<ObjectNode> change) throws IOException {
    Path file = batches.resolve(String.format("%s-%012d.json", kind, sequence));
    ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
    change.accept(node);
    Files.writeString(file, JSON.writeValueAsString(node));
  }

  private static ArrayNode array(ObjectNode node, String field) {
    return (ArrayNode) node.get(field);
  }

  private static void swap(ArrayNode array, int i, int j) {
    JsonNode first = array.get(i);
    array.set(i, array.get(j));
    array.set(j, first);
  }

  @Test
  void anIntactExchangeVerifies() throws IOException {
    assertThat(verify()).as(err.toString()).isEqualTo(0);
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.get("valid").asBoolean()).isTrue();
    assertThat(report.get("batches").asLong()).isEqualTo(2);
    assertThat(report.get("opened").asLong()).isEqualTo(2);
    // Batch 1: 2 then 4 buy from 1 (2 lots, 1 lot) and from 3 (1 lot); batch 2: 6 sells to 5.
    assertThat(report.get("trades").asLong()).isEqualTo(4);
  }

  @Test
  void aReorderedOrderIsNamed() throws IOException {
    edit("batch", 1, node -> swap(array(node, "envelopes"), 1, 2));
    assertRejectedWith(
        "audit.envelope_reordered: batch 1, position 1: envelopes are out of their sealed order");
  }

  @Test
  void anInsertedOrderIsNamed() throws IOException {
    String extra =
        Base64.getEncoder().encodeToString(firstBatch.envelopes().get(0).bytes().toArray());
    edit("batch", 2, node -> array(node, "envelopes").insert(1, extra));
    assertRejectedWith("audit.envelope_inserted: batch 2, position 1: an envelope was inserted");
  }

  @Test
  void aDroppedOrderIsNamed() throws IOException {
    edit("batch", 1, node -> array(node, "envelopes").remove(3));
    assertRejectedWith(
        "audit.envelope_dropped: batch 1, position 3: the sealed envelope there was dropped");
  }

  @Test
  void anAlteredOrderIsNamed() throws IOException {
    edit(
        "batch",
        1,
        node -> {
          byte[] bytes = Base64.getDecoder().decode(array(node, "envelopes").get(2).asText());
          bytes[130] ^= 1;
          array(node, "envelopes").set(2, Base64.getEncoder().encodeToString(bytes));
        });
    assertRejectedWith(
        "audit.envelope_altered: batch 1, position 2: the envelope's bytes were altered");
  }

  @Test
  void anAlteredTradeIsNamed() throws IOException {
    edit("outcome", 1, node -> ((ObjectNode) array(node, "trades").get(1)).put("price", "9900"));
    assertRejectedWith(
        "audit.trade_altered: batch 1, trade 1: the published trade differs from re-execution");
  }

  @Test
  void aDroppedTradeIsNamed() throws IOException {
    edit("outcome", 1, node -> array(node, "trades").remove(0));
    assertRejectedWith("audit.trade_dropped: batch 1, trade 0: a trade that happened is missing");
  }

  @Test
  void anInsertedTradeIsNamed() throws IOException {
    edit("outcome", 2, node -> array(node, "trades").add(array(node, "trades").get(0).deepCopy()));
    assertRejectedWith(
        "audit.trade_inserted: batch 2, trade 1: a trade that did not happen was added");
  }

  @Test
  void reorderedTradesAreNamed() throws IOException {
    edit("outcome", 1, node -> swap(array(node, "trades"), 1, 2));
    assertRejectedWith(
        "audit.trade_reordered: batch 1, trade 1: trades are out of the order they happened");
  }

  @Test
  void anAlteredOrderResultIsNamed() throws IOException {
    edit(
        "outcome",
        2,
        node ->
            ((ObjectNode) array(node, "results").get(0)).put("code", "order.insufficient_funds"));
    assertRejectedWith(
        "audit.order_result: batch 2, position 0: published result order.insufficient_funds at"
            + " position 0, re-execution gives accepted");
  }

  @Test
  void anAlteredStateHashIsNamed() throws IOException {
    edit("outcome", 2, node -> node.put("stateHash", node.get("batchHash").asText()));
    assertRejectedWith(
        "audit.state_hash: batch 2: the published state hash is not the one re-execution gives");
  }

  @Test
  void aMissingOutcomeIsNamed() throws IOException {
    Files.delete(batches.resolve("outcome-000000000002.json"));
    assertRejectedWith(
        "audit.outcome_missing: batch 2 was opened but its outcome is not published");
  }
}

package io.stele.exchange.sealed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.StateDump;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exchange's side of the published directory, next to {@link BatchArchive}'s files: {@code
 * exchange.json} (chain id, batches per epoch), {@code exchange-start.dump} (the engine's starting
 * state, {@link StateDump} bytes) and one {@code outcome-NNNNNNNNNNNN.json} per opened batch.
 * Amounts are decimal strings.
 */
public final class OutcomeArchive {
  private static final long MAX_FILE_BYTES = BatchArchive.MAX_FILE_BYTES;
  private static final String START = "exchange-start.dump";
  private final ObjectMapper json = new ObjectMapper();
  private final Path directory;

  /** The parameters an auditor needs to re-run the sealed flow. */
  public record Manifest(int chainId, int batchesPerEpoch) {}

  public OutcomeArchive(Path directory) {
    this.directory = directory;
  }

  public void writeStart(Manifest manifest, Engine start) {
    ObjectNode node = json.createObjectNode();
    node.put("chainId", manifest.chainId()).put("batchesPerEpoch", manifest.batchesPerEpoch());
    try {
      Files.writeString(directory.resolve("exchange.json"), json.writeValueAsString(node));
      Files.write(directory.resolve(START), StateDump.write(start));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the exchange's starting state", e);
    }
  }

  public Manifest readManifest() {
    JsonNode node = read("exchange.json").orElseThrow(() -> malformed("exchange.json is missing"));
    return new Manifest(
        (int) number(node, "chainId", 255),
        (int) number(node, "batchesPerEpoch", Integer.MAX_VALUE));
  }

  public Engine readStart() {
    Path path = directory.resolve(START);
    try {
      if (!Files.isRegularFile(path) || Files.size(path) > MAX_FILE_BYTES) {
        throw malformed(START + " is missing or over " + MAX_FILE_BYTES + " bytes");
      }
      return StateDump.read(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + START, e);
    }
  }

  public void write(BatchOutcome outcome) {
    ObjectNode node = json.createObjectNode();
    node.put("version", 1)
        .put("sequence", outcome.sequence())
        .put("batchHash", outcome.batchHash().toBase58())
        .put("stateHash", outcome.stateHash().toBase58());
    ArrayNode results = node.putArray("results");
    for (BatchOutcome.Result r : outcome.results()) {
      results
          .addObject()
          .put("position", r.position())
          .put("code", r.code())
          .put("message", r.message());
    }
    ArrayNode trades = node.putArray("trades");
    for (BatchOutcome.Trade t : outcome.trades()) {
      trades
          .addObject()
          .put("market", t.market())
          .put("makerOrder", Long.toString(t.makerOrder()))
          .put("makerAccount", Long.toString(t.makerAccount()))
          .put("takerOrder", Long.toString(t.takerOrder()))
          .put("takerAccount", Long.toString(t.takerAccount()))
          .put("takerSide", t.takerSide().name().toLowerCase(java.util.Locale.ROOT))
          .put("price", Long.toString(t.price()))
          .put("size", Long.toString(t.size()))
          .put("value", Long.toString(t.value()))
          .put("makerFee", Long.toString(t.makerFee()))
          .put("takerFee", Long.toString(t.takerFee()));
    }
    try {
      Files.writeString(directory.resolve(name(outcome.sequence())), json.writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outcome of batch " + outcome.sequence(), e);
    }
  }

  public Optional<BatchOutcome> read(long sequence) {
    return read(name(sequence)).map(node -> outcome(node));
  }

  private BatchOutcome outcome(JsonNode node) {
    List<BatchOutcome.Result> results = new ArrayList<>();
    for (JsonNode r : array(node, "results")) {
      results.add(
          new BatchOutcome.Result(
              (int) number(r, "position", Integer.MAX_VALUE), text(r, "code"), text(r, "message")));
    }
    List<BatchOutcome.Trade> trades = new ArrayList<>();
    for (JsonNode t : array(node, "trades")) {
      String side = text(t, "takerSide");
      if (!side.equals("buy") && !side.equals("sell")) {
        throw malformed("takerSide is not buy or sell: " + side);
      }
      trades.add(
          new BatchOutcome.Trade(
              (int) number(t, "market", 65535),
              decimal(t, "makerOrder"),
              decimal(t, "makerAccount"),
              decimal(t, "takerOrder"),
              decimal(t, "takerAccount"),
              side.equals("buy") ? Side.BUY : Side.SELL,
              decimal(t, "price"),
              decimal(t, "size"),
              decimal(t, "value"),
              decimal(t, "makerFee"),
              decimal(t, "takerFee")));
    }
    return new BatchOutcome(
        number(node, "sequence", Long.MAX_VALUE),
        Bytes.fromBase58(text(node, "batchHash"), 64),
        results,
        trades,
        Bytes.fromBase58(text(node, "stateHash"), 64));
  }

  private static String name(long sequence) {
    return String.format("outcome-%012d.json", sequence);
  }

  private Optional<JsonNode> read(String name) {
    Path path = directory.resolve(name);
    try {
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      if (Files.size(path) > MAX_FILE_BYTES) {
        throw malformed(name + " is over " + MAX_FILE_BYTES + " bytes");
      }
      JsonNode node = json.readTree(Files.readAllBytes(path));
      if (node == null || !node.isObject()) {
        throw malformed(name + " is not a JSON object");
      }
      return Optional.of(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw malformed(name + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw malformed(field + " is not an array");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed(field + " is not a string");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field, long max) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw malformed(field + " is not an integer");
    }
    long v = value.asLong();
    if (v < 0 || v > max) {
      throw malformed(field + " " + v + " is outside 0.." + max);
    }
    return v;
  }

  private static long decimal(JsonNode node, String field) {
    String text = text(node, field);
    if (!text.matches("0|[1-9][0-9]{0,18}")) {
      throw malformed(field + " is not a non-negative decimal: " + text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw malformed(field + " is beyond 63 bits: " + text);
    }
  }

  private static SteleException malformed(String message) {
    return new SteleException("audit.malformed", message);
  }
}

package io.stele.exchange.sealed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.StateDump;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exchange's side of the published directory, next to {@link BatchArchive}'s files: {@code
 * exchange.json} (chain id, batches per epoch, the key that may sign deposits), {@code
 * exchange-start.dump} (the engine's starting state, {@link StateDump} bytes) and one {@code
 * outcome-NNNNNNNNNNNN.json} per opened batch. Amounts are decimal strings. Files are written under
 * a temporary name and moved in place, so a reader never sees half of one.
 */
public final class OutcomeArchive {
  private static final long MAX_FILE_BYTES = BatchArchive.MAX_FILE_BYTES;
  private static final String START = "exchange-start.dump";
  private static final String MANIFEST = "exchange.json";
  private final ObjectMapper json = new ObjectMapper();
  private final Path directory;

  /** Who dealt the epoch keys, as {@code exchange.json} states it. */
  public enum Custody {
    /** A key service signed every epoch ({@code "key-service"}, with its {@code keyService}). */
    KEY_SERVICE("key-service"),
    /** The venue dealt every epoch itself: nothing vouches for its keys ({@code "in-process"}). */
    IN_PROCESS("in-process"),
    /** A manifest written before venues said ({@code custody} absent). */
    UNSTATED("unstated");

    private final String label;

    Custody(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * The parameters an auditor needs to re-run the sealed flow; {@code funder} is the key whose
   * signed deposits the batches may carry, null when they carry none; {@code keyService} is the key
   * service the venue says signed its epochs, null unless {@code custody} is {@link
   * Custody#KEY_SERVICE}. The operator writes this file: the audit trusts a key service key only as
   * far as its reader does (docs/sealed-batches.md#the-key-service-key).
   */
  public record Manifest(
      int chainId, int batchesPerEpoch, PublicKey funder, Custody custody, PublicKey keyService) {
    public Manifest {
      if ((custody == Custody.KEY_SERVICE) != (keyService != null)) {
        throw new IllegalArgumentException("a key service key goes with key-service custody only");
      }
    }

    /** A venue that deals its own epochs. */
    public Manifest(int chainId, int batchesPerEpoch, PublicKey funder) {
      this(chainId, batchesPerEpoch, funder, Custody.IN_PROCESS, null);
    }

    /** A chain that takes no deposits, with its epochs dealt in process. */
    public Manifest(int chainId, int batchesPerEpoch) {
      this(chainId, batchesPerEpoch, null);
    }
  }

  public OutcomeArchive(Path directory) {
    this.directory = directory;
  }

  /** Writes the start dump, then {@code exchange.json}: once the manifest is there, both are. */
  public void writeStart(Manifest manifest, Engine start) {
    ObjectNode node = json.createObjectNode();
    node.put("chainId", manifest.chainId()).put("batchesPerEpoch", manifest.batchesPerEpoch());
    if (manifest.funder() != null) {
      node.put("funder", manifest.funder().bytes().toBase58());
    }
    if (manifest.custody() != Custody.UNSTATED) {
      node.put("custody", manifest.custody().label());
    }
    if (manifest.keyService() != null) {
      node.put("keyService", manifest.keyService().bytes().toBase58());
    }
    try {
      write(START, StateDump.write(start));
      write(MANIFEST, json.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the exchange's starting state", e);
    }
  }

  /** Whether {@code exchange.json} has been written. */
  public boolean hasStart() {
    return Files.isRegularFile(directory.resolve(MANIFEST));
  }

  public Manifest readManifest() {
    JsonNode node = read(MANIFEST).orElseThrow(() -> malformed("exchange.json is missing"));
    PublicKey funder = node.has("funder") ? key(node, "funder") : null;
    Custody custody = Custody.UNSTATED;
    if (node.has("custody")) {
      String label = text(node, "custody");
      custody =
          switch (label) {
            case "key-service" -> Custody.KEY_SERVICE;
            case "in-process" -> Custody.IN_PROCESS;
            default -> throw malformed("custody is not key-service or in-process: " + label);
          };
    }
    if ((custody == Custody.KEY_SERVICE) != node.has("keyService")) {
      throw malformed("keyService is stated with key-service custody, and only then");
    }
    return new Manifest(
        (int) number(node, "chainId", 255),
        (int) number(node, "batchesPerEpoch", Integer.MAX_VALUE),
        funder,
        custody,
        custody == Custody.KEY_SERVICE ? key(node, "keyService") : null);
  }

  private static PublicKey key(JsonNode node, String field) {
    try {
      return PublicKey.fromBase58(text(node, field));
    } catch (SteleException e) {
      throw malformed(field + ": " + e.getMessage());
    }
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
    // Version 1 files (no auction fills) stay as they were; fills make a version 2 file.
    node.put("version", outcome.fills().isEmpty() ? 1 : 2)
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
    if (!outcome.fills().isEmpty()) {
      ArrayNode fills = node.putArray("fills");
      for (BatchOutcome.Fill f : outcome.fills()) {
        fills
            .addObject()
            .put("market", f.market())
            .put("order", Long.toString(f.order()))
            .put("account", Long.toString(f.account()))
            .put("side", f.side().name().toLowerCase(java.util.Locale.ROOT))
            .put("price", Long.toString(f.price()))
            .put("size", Long.toString(f.size()))
            .put("value", Long.toString(f.value()))
            .put("fee", Long.toString(f.fee()));
      }
    }
    try {
      write(name(outcome.sequence()), json.writeValueAsBytes(node));
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
    long version = number(node, "version", 2);
    if (version < 1) {
      throw malformed("outcome version 0 is unknown");
    }
    List<BatchOutcome.Trade> trades = new ArrayList<>();
    for (JsonNode t : array(node, "trades")) {
      String side = text(t, "takerSide");
      side(side, "takerSide");
      trades.add(
          new BatchOutcome.Trade(
              (int) number(t, "market", 65535),
              decimal(t, "makerOrder"),
              decimal(t, "makerAccount"),
              decimal(t, "takerOrder"),
              decimal(t, "takerAccount"),
              side(side, "takerSide"),
              decimal(t, "price"),
              decimal(t, "size"),
              decimal(t, "value"),
              decimal(t, "makerFee"),
              decimal(t, "takerFee")));
    }
    List<BatchOutcome.Fill> fills = new ArrayList<>();
    if (version == 2) {
      for (JsonNode f : array(node, "fills")) {
        String side = text(f, "side");
        fills.add(
            new BatchOutcome.Fill(
                (int) number(f, "market", 65535),
                decimal(f, "order"),
                decimal(f, "account"),
                side(side, "side"),
                decimal(f, "price"),
                decimal(f, "size"),
                decimal(f, "value"),
                decimal(f, "fee")));
      }
    } else if (node.has("fills")) {
      throw malformed("a version 1 outcome has no fills");
    }
    return new BatchOutcome(
        number(node, "sequence", Long.MAX_VALUE),
        base58(node, "batchHash"),
        results,
        trades,
        fills,
        base58(node, "stateHash"));
  }

  private static Side side(String text, String field) {
    return switch (text) {
      case "buy" -> Side.BUY;
      case "sell" -> Side.SELL;
      default -> throw malformed(field + " is not buy or sell: " + text);
    };
  }

  private static Bytes base58(JsonNode node, String field) {
    try {
      return Bytes.fromBase58(text(node, field), 64);
    } catch (SteleException e) {
      throw malformed(field + ": " + e.getMessage());
    }
  }

  /** Writes under a temporary name, then moves the file in place. */
  private void write(String name, byte[] bytes) throws IOException {
    Path target = directory.resolve(name);
    Path temporary = directory.resolve(name + ".tmp");
    Files.write(temporary, bytes);
    Files.move(
        temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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

package io.stele.node.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.api.fix.FixCounterparty;
import io.stele.api.fix.FixSettings;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.replay.Decimals;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.venue.AssetSpec;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.VenueConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A node's exchange settings file (docs/exchange.md, "Running a venue"): assets, markets with tick
 * and lot as decimal strings, the faucet key (devnet only), the signed request window and how
 * sealed markets cut batches and split epoch keys. Unknown fields are refused.
 */
public final class ExchangeSettings {
  private static final long MAX_FILE_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("assets", "markets", "faucet", "requestWindowMillis", "sealing", "fix");
  private static final Set<String> FIX_FIELDS =
      Set.of("compId", "host", "port", "maxHeartbeatSeconds", "counterparties");
  private static final Set<String> COUNTERPARTY_FIELDS = Set.of("compId", "key");

  /** The devnet's FIX CompID and the faucet's, as its counterparty. */
  public static final String DEVNET_FIX_COMP_ID = "STELE";

  public static final String DEVNET_FIX_FAUCET = "FAUCET";
  private static final Set<String> ASSET_FIELDS = Set.of("symbol", "decimals");
  private static final Set<String> MARKET_FIELDS =
      Set.of(
          "symbol",
          "base",
          "quote",
          "tick",
          "lot",
          "makerFeeBps",
          "takerFeeBps",
          "selfTrade",
          "mode");
  private static final Set<String> SEALING_FIELDS =
      Set.of("maxEnvelopes", "intervalMillis", "batchesPerEpoch", "threshold", "keyHolders");

  private ExchangeSettings() {}

  /**
   * The two demo markets of {@code stele devnet}, with {@code faucet} funding the accounts, and FIX
   * on {@code fixHost:fixPort} with the faucet key as its one counterparty.
   */
  public static ObjectNode devnet(PublicKey faucet, String fixHost, int fixPort) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode assets = root.putArray("assets");
    assets.addObject().put("symbol", "STL").put("decimals", 8);
    assets.addObject().put("symbol", "USD").put("decimals", 2);
    assets.addObject().put("symbol", "BTC").put("decimals", 8);
    ArrayNode markets = root.putArray("markets");
    markets
        .addObject()
        .put("symbol", "STL-USD")
        .put("base", "STL")
        .put("quote", "USD")
        .put("tick", "0.01")
        .put("lot", "1")
        .put("makerFeeBps", 10)
        .put("takerFeeBps", 20)
        .put("selfTrade", "cancel_newest")
        .put("mode", "continuous");
    markets
        .addObject()
        .put("symbol", "BTC-USD")
        .put("base", "BTC")
        .put("quote", "USD")
        .put("tick", "1.00")
        .put("lot", "0.01")
        .put("makerFeeBps", 10)
        .put("takerFeeBps", 10)
        .put("selfTrade", "cancel_newest")
        .put("mode", "sealed");
    root.put("faucet", faucet.bytes().toBase58());
    root.put("requestWindowMillis", 30_000);
    root.putObject("sealing")
        .put("maxEnvelopes", 1000)
        .put("intervalMillis", 1000)
        .put("batchesPerEpoch", 1)
        .put("threshold", 2)
        .put("keyHolders", 3);
    ObjectNode fix =
        root.putObject("fix")
            .put("compId", DEVNET_FIX_COMP_ID)
            .put("host", fixHost)
            .put("port", fixPort)
            .put("maxHeartbeatSeconds", 60);
    fix.putArray("counterparties")
        .addObject()
        .put("compId", DEVNET_FIX_FAUCET)
        .put("key", faucet.bytes().toBase58());
    return root;
  }

  public static void write(Path file, ObjectNode settings) {
    try {
      Files.writeString(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(settings) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot write " + file + ": " + e, e);
    }
  }

  /** Reads and checks a settings file for a venue on chain {@code chainId}. */
  public static VenueConfig read(Path file, int chainId) {
    return parse(tree(file), chainId);
  }

  /**
   * The settings file's FIX acceptor, if it has a {@code fix} section; QuickFIX/J keeps its session
   * store under {@code storeDir}.
   */
  public static Optional<FixSettings> readFix(Path file, int chainId, Path storeDir) {
    return parseFix(tree(file), chainId, storeDir);
  }

  /**
   * The FIX section: each counterparty trades for the account its key has on the exchange, the same
   * as its signed requests.
   */
  public static Optional<FixSettings> parseFix(JsonNode root, int chainId, Path storeDir) {
    if (!root.has("fix")) {
      return Optional.empty();
    }
    JsonNode fix = root.path("fix");
    object(fix, FIX_FIELDS, "fix");
    List<FixCounterparty> counterparties = new ArrayList<>();
    for (JsonNode c : array(fix, "counterparties")) {
      object(c, COUNTERPARTY_FIELDS, "a FIX counterparty");
      PublicKey key = PublicKey.fromBase58(text(c, "key"));
      counterparties.add(
          new FixCounterparty(text(c, "compId"), key, SealedExchange.accountOf(key)));
    }
    return Optional.of(
        new FixSettings(
            text(fix, "compId"),
            text(fix, "host"),
            integer(fix, "port"),
            integer(fix, "maxHeartbeatSeconds"),
            (byte) chainId,
            Optional.of(storeDir),
            counterparties));
  }

  private static JsonNode tree(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw invalid(file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return JSON.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw invalid(file + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot read " + file + ": " + e, e);
    }
  }

  public static VenueConfig parse(JsonNode root, int chainId) {
    object(root, FIELDS, "exchange settings");
    List<AssetSpec> assets = new ArrayList<>();
    for (JsonNode asset : array(root, "assets")) {
      object(asset, ASSET_FIELDS, "an asset");
      assets.add(new AssetSpec(text(asset, "symbol"), integer(asset, "decimals")));
    }
    List<MarketSpec> markets = new ArrayList<>();
    for (JsonNode market : array(root, "markets")) {
      object(market, MARKET_FIELDS, "a market");
      String base = text(market, "base");
      String quote = text(market, "quote");
      String mode = text(market, "mode");
      if (!mode.equals("continuous") && !mode.equals("sealed")) {
        throw invalid("mode must be continuous or sealed, not " + mode);
      }
      markets.add(
          new MarketSpec(
              text(market, "symbol"),
              base,
              quote,
              Decimals.parse(text(market, "tick"), decimals(assets, quote), "tick"),
              Decimals.parse(text(market, "lot"), decimals(assets, base), "lot"),
              integer(market, "makerFeeBps"),
              integer(market, "takerFeeBps"),
              selfTrade(text(market, "selfTrade")),
              mode.equals("sealed")));
    }
    JsonNode sealing = root.path("sealing");
    object(sealing, SEALING_FIELDS, "sealing");
    Optional<PublicKey> faucet =
        root.has("faucet")
            ? Optional.of(PublicKey.fromBase58(text(root, "faucet")))
            : Optional.empty();
    try {
      return new VenueConfig(
          chainId,
          assets,
          markets,
          faucet,
          integer(root, "requestWindowMillis"),
          new SequencerConfig(
              chainId,
              integer(sealing, "maxEnvelopes"),
              integer(sealing, "intervalMillis"),
              integer(sealing, "batchesPerEpoch")),
          integer(sealing, "threshold"),
          integer(sealing, "keyHolders"));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static int decimals(List<AssetSpec> assets, String symbol) {
    return assets.stream()
        .filter(a -> a.symbol().equals(symbol))
        .findFirst()
        .orElseThrow(() -> invalid("asset " + symbol + " is not listed"))
        .decimals();
  }

  private static SelfTradePrevention selfTrade(String text) {
    for (SelfTradePrevention value : SelfTradePrevention.values()) {
      if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
        return value;
      }
    }
    throw invalid("selfTrade must be cancel_newest or cancel_oldest, not " + text);
  }

  private static void object(JsonNode node, Set<String> known, String what) {
    if (!node.isObject()) {
      throw invalid(what + " must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw invalid(what + " has an unknown field '" + name + "'");
      }
    }
  }

  private static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isArray()) {
      throw invalid("'" + field + "' must be a list");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw invalid("'" + field + "' must be a string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid("'" + field + "' must be an integer");
    }
    return value.asInt();
  }

  private static SteleException invalid(String message) {
    return new SteleException("config.invalid", "exchange settings: " + message);
  }
}

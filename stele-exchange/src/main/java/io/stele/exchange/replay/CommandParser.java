package io.stele.exchange.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.CommandType;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.MarketInfo;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.OrderView;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Turns one line of a replay file (a JSON object, docs/exchange.md) into an engine command. Amounts
 * and prices are decimal strings read with the decimals of their asset; anything malformed, unknown
 * or not representable is refused with a code, before the engine sees it.
 */
final class CommandParser {
  private static final Set<String> COMMON = Set.of("type", "time");
  private static final Set<String> ASSET = Set.of("asset", "decimals");
  private static final Set<String> MARKET =
      Set.of(
          "market",
          "base",
          "quote",
          "tick",
          "lot",
          "maker_fee_bps",
          "taker_fee_bps",
          "self_trade",
          "mode");
  private static final Set<String> TRANSFER = Set.of("account", "asset", "amount");
  private static final Set<String> PLACE =
      Set.of(
          "account", "order", "market", "side", "order_type", "tif", "post_only", "price", "size");
  private static final Set<String> CANCEL = Set.of("account", "order");
  private static final Set<String> AUCTION = Set.of("market");
  private static final Set<String> AMEND = Set.of("account", "order", "price", "size", "total");

  // One object per line: trailing values and repeated keys are errors, not silently dropped.
  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private final Engine engine;
  final Symbols assets = new Symbols("asset");
  final Symbols markets = new Symbols("market");

  CommandParser(Engine engine) {
    this.engine = engine;
  }

  Command parse(String line) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JsonProcessingException e) {
      throw new SteleException("replay.json", "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new SteleException("replay.json", "each line must be one JSON object");
    }
    Command c = new Command();
    String type = text(node, "type");
    c.timestamp = node.has("time") ? integer(node, "time") : 0;
    switch (type) {
      case "asset" -> asset(node, c);
      case "market" -> market(node, c);
      case "deposit", "withdraw" -> transfer(node, c, type);
      case "place" -> place(node, c);
      case "cancel" -> {
        allow(node, CANCEL);
        c.type = CommandType.CANCEL;
        c.account = integer(node, "account");
        c.orderId = integer(node, "order");
      }
      case "amend" -> amend(node, c);
      case "auction" -> {
        allow(node, AUCTION);
        c.type = CommandType.AUCTION;
        c.market = markets.id(text(node, "market"));
      }
      default ->
          throw new SteleException(
              "replay.type",
              "type \""
                  + type
                  + "\" is not one of asset, market, deposit, withdraw, place, cancel, amend, auction");
    }
    return c;
  }

  /** After the engine applied {@code c}: names the asset or market if it was created. */
  void afterApply(Command c) {
    if (c.type == CommandType.ASSET
        && c.asset == assets.next()
        && engine.assetDecimals(c.asset).isPresent()) {
      assets.define(pendingName);
    } else if (c.type == CommandType.MARKET
        && c.market == markets.next()
        && engine.marketInfo(c.market).isPresent()) {
      markets.define(pendingName);
    }
  }

  private String pendingName;

  /** The name in the asset or market definition being applied. */
  String pendingName() {
    return pendingName;
  }

  private void asset(JsonNode node, Command c) {
    allow(node, ASSET);
    String name = Symbols.checkName(text(node, "asset"), "asset");
    if (assets.has(name)) {
      throw new SteleException("asset.exists", "asset \"" + name + "\" already exists");
    }
    long decimals = integer(node, "decimals");
    if (decimals < 0 || decimals > Engine.MAX_DECIMALS) {
      throw new SteleException(
          "asset.decimals", "decimals " + decimals + " is outside 0.." + Engine.MAX_DECIMALS);
    }
    c.type = CommandType.ASSET;
    c.asset = assets.next();
    c.decimals = (int) decimals;
    pendingName = name;
  }

  private void market(JsonNode node, Command c) {
    allow(node, MARKET);
    String name = Symbols.checkName(text(node, "market"), "market");
    if (markets.has(name)) {
      throw new SteleException("market.exists", "market \"" + name + "\" already exists");
    }
    c.type = CommandType.MARKET;
    c.market = markets.next();
    c.asset = assets.id(text(node, "base"));
    c.quoteAsset = assets.id(text(node, "quote"));
    c.price = Decimals.parse(text(node, "tick"), decimals(c.quoteAsset), "tick");
    c.size = Decimals.parse(text(node, "lot"), decimals(c.asset), "lot");
    c.makerFeeBps = bps(node, "maker_fee_bps");
    c.takerFeeBps = bps(node, "taker_fee_bps");
    String stp = node.has("self_trade") ? text(node, "self_trade") : "cancel_newest";
    c.selfTrade = choice(SelfTradePrevention.class, stp, "self_trade");
    String mode = node.has("mode") ? text(node, "mode") : "continuous";
    if (!mode.equals("continuous") && !mode.equals("batch")) {
      throw new SteleException(
          "replay.field_value", "field \"mode\" must be continuous or batch, got \"" + mode + "\"");
    }
    c.batch = mode.equals("batch");
    pendingName = name;
  }

  private void transfer(JsonNode node, Command c, String type) {
    allow(node, TRANSFER);
    c.type = type.equals("deposit") ? CommandType.DEPOSIT : CommandType.WITHDRAW;
    c.account = integer(node, "account");
    c.asset = assets.id(text(node, "asset"));
    c.size = Decimals.parse(text(node, "amount"), decimals(c.asset), "amount");
  }

  private void place(JsonNode node, Command c) {
    allow(node, PLACE);
    c.type = CommandType.PLACE;
    c.account = integer(node, "account");
    c.orderId = integer(node, "order");
    c.market = markets.id(text(node, "market"));
    MarketInfo m = engine.marketInfo(c.market).orElseThrow();
    c.side = choice(Side.class, text(node, "side"), "side");
    c.orderType =
        node.has("order_type")
            ? choice(OrderType.class, text(node, "order_type"), "order_type")
            : OrderType.LIMIT;
    c.timeInForce =
        node.has("tif") ? choice(TimeInForce.class, text(node, "tif"), "tif") : TimeInForce.GTC;
    c.postOnly = node.has("post_only") && bool(node, "post_only");
    if (c.orderType == OrderType.LIMIT) {
      c.price = Decimals.parse(text(node, "price"), m.quoteDecimals(), "price");
    } else if (node.has("price")) {
      throw new SteleException("replay.unknown_field", "a market order has no price");
    }
    c.size = Decimals.parse(text(node, "size"), m.baseDecimals(), "size");
  }

  private void amend(JsonNode node, Command c) {
    allow(node, AMEND);
    c.type = CommandType.AMEND;
    c.account = integer(node, "account");
    c.orderId = integer(node, "order");
    OrderView o =
        engine
            .order(c.orderId)
            .orElseThrow(
                () -> new SteleException("order.unknown", "order " + c.orderId + " is not open"));
    MarketInfo m = engine.marketInfo(o.market()).orElseThrow();
    c.price = Decimals.parse(text(node, "price"), m.quoteDecimals(), "price");
    // "size" is the new remaining size, "total" the new filled-plus-remaining: exactly one of them.
    if (node.has("size") == node.has("total")) {
      throw new SteleException(
          node.has("size") ? "replay.field_value" : "replay.missing",
          "an amend needs exactly one of \"size\" (new remaining) and \"total\" (new total)");
    }
    String field = node.has("total") ? "total" : "size";
    c.type = field.equals("total") ? CommandType.AMEND_TOTAL : CommandType.AMEND;
    c.size = Decimals.parse(text(node, field), m.baseDecimals(), field);
  }

  private int decimals(int asset) {
    return engine.assetDecimals(asset).orElseThrow();
  }

  private static void allow(JsonNode node, Set<String> fields) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!COMMON.contains(f) && !fields.contains(f)) {
        throw new SteleException("replay.unknown_field", "unknown field \"" + f + "\"");
      }
    }
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new SteleException("replay.missing", "field \"" + name + "\" is required");
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new SteleException("replay.field_type", "field \"" + name + "\" must be a string");
    }
    return v.textValue();
  }

  private static long integer(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new SteleException(
          "replay.field_type", "field \"" + name + "\" must be an integer that fits in 64 bits");
    }
    return v.longValue();
  }

  private static boolean bool(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isBoolean()) {
      throw new SteleException("replay.field_type", "field \"" + name + "\" must be true or false");
    }
    return v.booleanValue();
  }

  private static int bps(JsonNode node, String name) {
    long v = node.has(name) ? integer(node, name) : 0;
    if (v < 0 || v > 10_000) {
      throw new SteleException("market.fee", name + " " + v + " is outside 0..10000");
    }
    return (int) v;
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
        return e;
      }
    }
    throw new SteleException(
        "replay.field_value", "field \"" + field + "\" has no value \"" + value + "\"");
  }
}

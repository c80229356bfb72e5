package io.stele.api.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.stele.api.Bodies;
import io.stele.api.Json;
import io.stele.api.RouteGroup;
import io.stele.api.Routes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.candles.Interval;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.replay.Decimals;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.SealedBundle;
import io.stele.exchange.sealed.SealedEnvelope;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.Outcome;
import io.stele.exchange.venue.ReplayGuard;
import io.stele.exchange.venue.SealedMarkets;
import io.stele.exchange.venue.SignedRequest;
import io.stele.exchange.venue.Venue;
import io.stele.exchange.venue.VenueConfig;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The exchange under {@code /v1/exchange/}: markets, signed order entry (place, cancel, amend),
 * signed account queries, the devnet faucet, public book, trades and candles, sealed envelopes and
 * batches, and one WebSocket for book deltas, trades and an account's order events.
 */
public final class ExchangeRoutes implements RouteGroup {
  /** A signed request is at most 4096 characters; its envelope adds a key and a signature. */
  static final int MAX_BODY = 16 * 1024;

  static final int MAX_LEVELS = 1000;
  static final int MAX_LIMIT = 1000;
  private static final long ANSWER_SECONDS = 30;
  private static final Map<String, Interval> INTERVALS =
      Map.of("1m", Interval.MINUTE, "1h", Interval.HOUR, "1d", Interval.DAY);

  private final Venue venue;
  private final VenueConfig config;
  private final ReplayGuard guard;
  private final ExchangeJson json;

  /** {@code clock} judges the freshness of signed requests. */
  public ExchangeRoutes(Venue venue, Clock clock) {
    this.venue = venue;
    this.config = venue.config();
    this.guard = new ReplayGuard(clock, config.requestWindowMillis());
    this.json = new ExchangeJson(config);
  }

  @Override
  public String openApiPaths() {
    return "/io/stele/api/exchange/openapi-paths.json";
  }

  @Override
  public void register(Routes routes) {
    String base = "/v1/exchange";
    routes.get(base + "/markets", ctx -> ok(ctx, json.markets()));
    routes.post(base + "/orders", this::place);
    routes.post(base + "/orders/cancel", this::cancel);
    routes.post(base + "/orders/amend", this::amend);
    routes.post(base + "/my/orders", this::myOrders);
    routes.post(base + "/my/balances", this::myBalances);
    routes.post(base + "/deposits", this::deposit);
    routes.get(base + "/markets/{market}/book", this::book);
    routes.get(base + "/markets/{market}/trades", this::trades);
    routes.get(base + "/markets/{market}/candles", this::candles);
    routes.post(base + "/sealed/envelopes", this::envelope);
    routes.post(base + "/sealed/bundles", this::bundle);
    routes.get(
        base + "/sealed/epoch",
        ctx ->
            ok(
                ctx,
                json.epoch(
                    venue.currentEpoch(),
                    venue.sealedMarkets().flatMap(SealedMarkets::keyService))));
    routes.get(base + "/sealed/batches", this::batches);
    routes.get(base + "/sealed/batches/{sequence}", ctx -> file(ctx, false));
    routes.get(base + "/sealed/batches/{sequence}/anchor", ctx -> file(ctx, true));
    routes.ws(base + "/stream", new ExchangeStream(venue, json, guard));
  }

  // ------------------------------------------------------------------------------ signed

  /** Verifies a signed request of {@code type} from the body, once. */
  private SignedRequest signed(Context ctx, String type, Set<String> fields) {
    SignedRequest request =
        verify(Json.parse(Bodies.read(ctx, MAX_BODY)), type, config.chainId(), guard);
    request.allowOnly(fields);
    return request;
  }

  static SignedRequest verify(JsonNode envelope, String type, int chainId, ReplayGuard guard) {
    SignedRequest request = SignedRequest.verify(envelope, chainId);
    if (!request.type().equals(type)) {
      throw new SteleException(
          "exchange.malformed",
          "this route takes '" + type + "' requests, not '" + request.type() + "'");
    }
    guard.check(request);
    return request;
  }

  private void place(Context ctx) {
    SignedRequest r =
        signed(
            ctx,
            "place",
            Set.of("market", "order", "side", "orderType", "tif", "postOnly", "price", "size"));
    int market = config.marketId(text(r.fields(), "market"));
    MarketSpec spec = config.market(market);
    OrderType type = choice(r.fields(), "orderType", OrderType.LIMIT, OrderType.values());
    JsonNode price = r.fields().get("price");
    if ((type == OrderType.LIMIT) != (price != null)) {
      throw new SteleException(
          "exchange.malformed", "a limit order has a price and a market order has none");
    }
    OrderPayload.Place order =
        new OrderPayload.Place(
            id(r.fields(), "order"),
            market,
            choice(r.fields(), "side", null, Side.values()),
            type,
            choice(r.fields(), "tif", TimeInForce.GTC, TimeInForce.values()),
            bool(r.fields(), "postOnly"),
            price == null ? 0 : amount(r.fields(), "price", config.quoteDecimals(spec)),
            amount(r.fields(), "size", config.baseDecimals(spec)));
    answer(ctx, venue.place(r.account(), order));
  }

  private void cancel(Context ctx) {
    SignedRequest r = signed(ctx, "cancel", Set.of("order"));
    answer(ctx, venue.cancel(r.account(), id(r.fields(), "order")));
  }

  /**
   * {@code size} is the new remaining size, {@code total} the new filled-plus-remaining (the engine
   * subtracts the fills it has when it applies the amend); a request names exactly one of them.
   */
  private void amend(Context ctx) {
    SignedRequest r = signed(ctx, "amend", Set.of("order", "price", "size", "total"));
    boolean total = r.fields().has("total");
    if (total == r.fields().has("size")) {
      throw new SteleException(
          "exchange.malformed",
          "an amend names exactly one of 'size' (new remaining) and 'total' (new total)");
    }
    long id = id(r.fields(), "order");
    MarketSpec spec =
        config.market(
            venue
                .order(id)
                .orElseThrow(
                    () -> new SteleException("order.unknown", "order " + id + " is not known"))
                .market());
    long price = amount(r.fields(), "price", config.quoteDecimals(spec));
    long size = amount(r.fields(), total ? "total" : "size", config.baseDecimals(spec));
    answer(
        ctx,
        total
            ? venue.amendTotal(r.account(), id, price, size)
            : venue.amend(r.account(), id, price, size));
  }

  private void myOrders(Context ctx) {
    SignedRequest r = signed(ctx, "orders", Set.of());
    ok(ctx, json.orders(r.account(), venue.orders(r.account())));
  }

  private void myBalances(Context ctx) {
    SignedRequest r = signed(ctx, "balances", Set.of());
    ok(
        ctx,
        json.balances(r.account(), venue.balances(r.account()), venue.sealedBalances(r.account())));
  }

  /** The devnet faucet: the faucet key credits any key's account. */
  private void deposit(Context ctx) {
    SignedRequest r = signed(ctx, "deposit", Set.of("to", "asset", "amount"));
    PublicKey to;
    try {
      to = PublicKey.fromBase58(text(r.fields(), "to"));
    } catch (SteleException e) {
      throw new SteleException("exchange.malformed", "field 'to': " + e.getMessage());
    }
    int asset = config.assetId(text(r.fields(), "asset"));
    long amount = amount(r.fields(), "amount", config.asset(asset).decimals());
    answer(ctx, venue.deposit(r.key(), SealedExchange.accountOf(to), asset, amount));
  }

  private void answer(Context ctx, CompletableFuture<Outcome> pending) {
    Outcome outcome;
    try {
      outcome = pending.get(ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SteleException stele) {
        throw stele;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new SteleException(
          "exchange.unavailable", "the venue did not answer within " + ANSWER_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SteleException("exchange.unavailable", "interrupted");
    }
    if (!outcome.accepted()) {
      throw new SteleException(outcome.code(), outcome.message());
    }
    ok(ctx, json.outcome(outcome));
  }

  // ------------------------------------------------------------------------------ public

  private int market(Context ctx) {
    return config.marketId(ctx.pathParam("market"));
  }

  private void book(Context ctx) {
    int levels = bounded(ctx.queryParam("depth"), "depth", 20, 1, MAX_LEVELS);
    ok(ctx, json.depth(venue.book(market(ctx), levels)));
  }

  private void trades(Context ctx) {
    int limit = bounded(ctx.queryParam("limit"), "limit", 100, 1, MAX_LIMIT);
    ok(ctx, json.trades(venue.trades(market(ctx), limit)));
  }

  private void candles(Context ctx) {
    String name = ctx.queryParam("interval") == null ? "1m" : ctx.queryParam("interval");
    Interval interval = INTERVALS.get(name);
    if (interval == null) {
      throw new SteleException("api.malformed", "interval must be 1m, 1h or 1d, not " + name);
    }
    int limit = bounded(ctx.queryParam("limit"), "limit", 100, 1, MAX_LIMIT);
    int market = market(ctx);
    ok(ctx, json.candles(market, name, venue.candles(market, interval, limit)));
  }

  /** The envelope bytes raw, or base64 in {"envelope": ...}. */
  private void envelope(Context ctx) {
    SealedMarkets.Admission admission =
        venue.admit(sealedBody(ctx, "envelope", 2L * SealedEnvelope.MAX_LENGTH));
    ctx.status(202);
    write(
        ctx,
        Json.object()
            .put("epoch", admission.epoch())
            .put("counter", admission.counter())
            .put("account", Long.toString(admission.account()))
            .put("batch", admission.batch())
            .put("position", admission.position()));
  }

  /** The bundle bytes raw, or base64 in {"bundle": ...}: all its orders are admitted, or none. */
  private void bundle(Context ctx) {
    SealedMarkets.BundleAdmission admission =
        venue.admitBundle(sealedBody(ctx, "bundle", 2L * SealedBundle.MAX_LENGTH));
    ctx.status(202);
    write(
        ctx,
        Json.object()
            .put("epoch", admission.epoch())
            .put("firstCounter", admission.firstCounter())
            .put("lastCounter", admission.lastCounter())
            .put("orders", admission.orders())
            .put("account", Long.toString(admission.account()))
            .put("batch", admission.batch())
            .put("position", admission.position()));
  }

  /** Sealed bytes sent raw (octet-stream) or as base64 in the JSON field {@code field}. */
  private static byte[] sealedBody(Context ctx, String field, long maxBytes) {
    byte[] body = Bodies.read(ctx, maxBytes);
    return switch (Bodies.mediaType(ctx)) {
      case "application/octet-stream" -> body;
      case "application/json" -> {
        JsonNode text = Json.parse(body).path(field);
        if (!text.isTextual()) {
          throw new SteleException("api.malformed", "field '" + field + "' must be base64 text");
        }
        try {
          yield Base64.getDecoder().decode(text.asText());
        } catch (IllegalArgumentException e) {
          throw new SteleException("api.malformed", "field '" + field + "' is not base64");
        }
      }
      default ->
          throw new SteleException(
              "api.unsupported_media_type", "send application/octet-stream or application/json");
    };
  }

  private void batches(Context ctx) {
    int from = bounded(ctx.queryParam("from"), "from", 1, 1, Integer.MAX_VALUE);
    int limit = bounded(ctx.queryParam("limit"), "limit", 100, 1, MAX_LIMIT);
    ok(ctx, json.batches(venue.batches(from, limit)));
  }

  // ------------------------------------------------------------------------------ fields

  static String text(JsonNode fields, String name) {
    JsonNode value = fields.get(name);
    if (value == null || !value.isTextual()) {
      throw new SteleException("exchange.malformed", "field '" + name + "' must be a string");
    }
    return value.asText();
  }

  /** An order id: a positive integer, as a JSON number or a string of digits. */
  private static long id(JsonNode fields, String name) {
    JsonNode value = fields.get(name);
    try {
      long id =
          value != null && value.isTextual() && value.asText().length() <= 19
              ? Long.parseLong(value.asText())
              : value != null && value.isIntegralNumber() && value.canConvertToLong()
                  ? value.asLong()
                  : 0;
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SteleException(
        "exchange.malformed", "field '" + name + "' must be a positive integer below 2^63");
  }

  private static long amount(JsonNode fields, String name, int decimals) {
    return Decimals.parse(text(fields, name), decimals, name);
  }

  private static boolean bool(JsonNode fields, String name) {
    JsonNode value = fields.get(name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new SteleException("exchange.malformed", "field '" + name + "' must be true or false");
    }
    return value.asBoolean();
  }

  /**
   * One of an enum's values by its lower-case name; {@code fallback} when absent (null: required).
   */
  private static <E extends Enum<E>> E choice(
      JsonNode fields, String name, E fallback, E[] values) {
    if (fields.get(name) == null && fallback != null) {
      return fallback;
    }
    String text = text(fields, name);
    for (E value : values) {
      if (ExchangeJson.lower(value).equals(text)) {
        return value;
      }
    }
    throw new SteleException("exchange.malformed", "field '" + name + "' cannot be '" + text + "'");
  }

  /**
   * The published file of a batch, or of its anchor, byte for byte: what key holders in other
   * processes follow and check (docs/sealed-batches.md#custody).
   */
  private void file(Context ctx, boolean anchor) {
    long sequence = bounded(ctx.pathParam("sequence"), "sequence", 0, 1, Integer.MAX_VALUE);
    BatchArchive archive =
        new BatchArchive(
            venue
                .sealedMarkets()
                .orElseThrow(
                    () ->
                        new SteleException(
                            "exchange.no_sealed_market", "this venue has no sealed market"))
                .directory());
    byte[] bytes =
        (anchor ? archive.anchorFile(sequence) : archive.batchFile(sequence))
            .orElseThrow(
                () ->
                    new SteleException(
                        "exchange.not_found",
                        anchor
                            ? "batch " + sequence + " has no final anchor yet"
                            : "batch " + sequence + " is not published"));
    ctx.status(200).contentType("application/json").result(bytes);
  }

  private static int bounded(String text, String name, int fallback, int min, int max) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SteleException(
        "api.malformed", name + " must be an integer from " + min + " to " + max);
  }

  private static void ok(Context ctx, ObjectNode value) {
    ctx.status(200);
    write(ctx, value);
  }

  private static void write(Context ctx, ObjectNode value) {
    ctx.contentType("application/json").result(Json.write(value));
  }
}

package io.stele.api.exchange;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.api.Json;
import io.stele.core.crypto.PublicKey;
import io.stele.exchange.candles.Candle;
import io.stele.exchange.engine.Side;
import io.stele.exchange.replay.Decimals;
import io.stele.exchange.sealed.EpochAnnouncement;
import io.stele.exchange.sealed.EpochCustody;
import io.stele.exchange.venue.AssetSpec;
import io.stele.exchange.venue.Balance;
import io.stele.exchange.venue.BookDelta;
import io.stele.exchange.venue.BookLevel;
import io.stele.exchange.venue.Depth;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.OrderEvent;
import io.stele.exchange.venue.OrderState;
import io.stele.exchange.venue.Outcome;
import io.stele.exchange.venue.SealedMarkets;
import io.stele.exchange.venue.TradeRecord;
import io.stele.exchange.venue.VenueConfig;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The exchange's JSON shapes: markets and assets by symbol, amounts and prices as decimal strings
 * in their asset's decimals, ids and accounts as decimal strings (they use all 63 bits).
 */
final class ExchangeJson {
  private final VenueConfig config;

  ExchangeJson(VenueConfig config) {
    this.config = config;
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private String price(int market, long price) {
    return Decimals.format(price, config.quoteDecimals(config.market(market)));
  }

  private String size(int market, long size) {
    return Decimals.format(size, config.baseDecimals(config.market(market)));
  }

  ObjectNode markets() {
    ObjectNode body = Json.object();
    ArrayNode assets = body.putArray("assets");
    for (AssetSpec asset : config.assets()) {
      assets
          .addObject()
          .put("id", config.assetId(asset.symbol()))
          .put("symbol", asset.symbol())
          .put("decimals", asset.decimals());
    }
    ArrayNode markets = body.putArray("markets");
    for (MarketSpec m : config.markets()) {
      int id = config.marketId(m.symbol());
      markets
          .addObject()
          .put("id", id)
          .put("symbol", m.symbol())
          .put("base", m.base())
          .put("quote", m.quote())
          .put("tick", price(id, m.tickSize()))
          .put("lot", size(id, m.lotSize()))
          .put("makerFeeBps", m.makerFeeBps())
          .put("takerFeeBps", m.takerFeeBps())
          .put("selfTrade", lower(m.selfTrade()))
          .put("mode", m.sealed() ? "sealed" : "continuous");
    }
    body.put("chain", String.valueOf((char) config.chainId()));
    body.put("faucet", config.faucet().map(k -> k.bytes().toBase58()).orElse(null));
    return body;
  }

  ObjectNode order(OrderState o) {
    ObjectNode node =
        Json.object()
            .put("id", Long.toString(o.id()))
            .put("account", Long.toString(o.account()))
            .put("market", config.market(o.market()).symbol())
            .put("side", lower(o.side()))
            .put("orderType", lower(o.type()))
            .put("tif", lower(o.timeInForce()))
            .put("postOnly", o.postOnly())
            .put("price", price(o.market(), o.price()))
            .put("size", size(o.market(), o.size()))
            .put("filled", size(o.market(), o.filled()))
            .put("remaining", size(o.market(), o.remaining()))
            .put("status", lower(o.status()))
            .put("time", o.time());
    if (o.reason() != null) {
      node.put("reason", lower(o.reason()));
    }
    return node;
  }

  ObjectNode trade(TradeRecord t) {
    ObjectNode node =
        Json.object()
            .put("sequence", t.sequence())
            .put("time", t.time())
            .put("market", config.market(t.market()).symbol())
            .put("price", price(t.market(), t.price()))
            .put("size", size(t.market(), t.size()));
    if (t.takerSide() == null) {
      node.put("kind", "auction");
    } else {
      node.put("kind", "trade")
          .put("value", Decimals.format(t.value(), config.quoteDecimals(config.market(t.market()))))
          .put("takerSide", lower(t.takerSide()))
          .put("makerOrder", Long.toString(t.makerOrder()))
          .put("takerOrder", Long.toString(t.takerOrder()));
    }
    return node;
  }

  ObjectNode trades(List<TradeRecord> trades) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("trades");
    trades.forEach(t -> list.add(trade(t)));
    return body;
  }

  ObjectNode outcome(Outcome outcome) {
    ObjectNode body =
        Json.object().put("sequence", outcome.sequence()).put("result", outcome.code());
    outcome.order().ifPresent(o -> body.set("order", order(o)));
    ArrayNode trades = body.putArray("trades");
    outcome.trades().forEach(t -> trades.add(trade(t)));
    return body;
  }

  ObjectNode orders(long account, List<OrderState> orders) {
    ObjectNode body = Json.object().put("account", Long.toString(account));
    ArrayNode list = body.putArray("orders");
    orders.forEach(o -> list.add(order(o)));
    return body;
  }

  /**
   * An account's balances on the continuous markets ({@code balances}) and, kept apart, on the
   * sealed markets ({@code sealedBalances}, empty on a venue without them).
   */
  ObjectNode balances(long account, List<Balance> balances, List<Balance> sealedBalances) {
    ObjectNode body = Json.object().put("account", Long.toString(account));
    balanceList(body.putArray("balances"), balances);
    balanceList(body.putArray("sealedBalances"), sealedBalances);
    return body;
  }

  private void balanceList(ArrayNode list, List<Balance> balances) {
    for (Balance b : balances) {
      AssetSpec asset = config.asset(b.asset());
      list.addObject()
          .put("asset", asset.symbol())
          .put("available", Decimals.format(b.available(), asset.decimals()))
          .put("reserved", Decimals.format(b.reserved(), asset.decimals()));
    }
  }

  ObjectNode depth(Depth depth) {
    ObjectNode body =
        Json.object()
            .put("market", config.market(depth.market()).symbol())
            .put("sequence", depth.sequence());
    levels(body.putArray("bids"), depth.market(), depth.bids());
    levels(body.putArray("asks"), depth.market(), depth.asks());
    return body;
  }

  private void levels(ArrayNode out, int market, List<BookLevel> levels) {
    for (BookLevel level : levels) {
      out.addObject()
          .put("price", price(market, level.price()))
          .put("size", size(market, level.size()));
    }
  }

  ObjectNode delta(BookDelta d) {
    return Json.object()
        .put("sequence", d.sequence())
        .put("market", config.market(d.market()).symbol())
        .put("side", d.side() == Side.BUY ? "bid" : "ask")
        .put("price", price(d.market(), d.price()))
        .put("size", size(d.market(), d.size()));
  }

  ObjectNode orderEvent(OrderEvent e) {
    ObjectNode node =
        Json.object()
            .put("sequence", e.sequence())
            .put("kind", e.kind())
            .put("orderId", Long.toString(e.orderId()));
    if (e.order() != null) {
      node.set("order", order(e.order()));
    }
    if (e.code() != null) {
      node.put("code", e.code()).put("message", e.message());
    }
    return node;
  }

  ObjectNode candles(int market, String interval, List<Candle> candles) {
    ObjectNode body =
        Json.object().put("market", config.market(market).symbol()).put("interval", interval);
    ArrayNode list = body.putArray("candles");
    int quoteDecimals = config.quoteDecimals(config.market(market));
    for (Candle c : candles) {
      list.addObject()
          .put("start", c.start())
          .put("open", price(market, c.open()))
          .put("high", price(market, c.high()))
          .put("low", price(market, c.low()))
          .put("close", price(market, c.close()))
          .put("volume", size(market, c.volume()))
          .put("value", Decimals.format(c.value(), quoteDecimals))
          .put("trades", c.trades());
    }
    return body;
  }

  /**
   * The epoch orders are sealed to now; {@code custody} says who dealt it, and with a key service,
   * its key and the signed epoch's exact bytes (base64) for the client to check before it seals.
   */
  ObjectNode epoch(EpochCustody.Dealt current, Optional<PublicKey> keyService) {
    EpochAnnouncement epoch = current.announcement();
    ObjectNode body =
        Json.object()
            .put("chainId", epoch.chainId())
            .put("epoch", epoch.epoch())
            .put("publicKey", epoch.publicKey().toBase58())
            .put("threshold", epoch.threshold())
            .put("batchesPerEpoch", config.sealing().batchesPerEpoch())
            .put("intervalMillis", config.sealing().intervalMillis());
    ArrayNode commitments = body.putArray("shareCommitments");
    epoch.shareCommitments().forEach(c -> commitments.add(c.toBase58()));
    body.put("custody", keyService.isPresent() ? "key-service" : "in-process");
    keyService.ifPresent(k -> body.put("keyService", k.bytes().toBase58()));
    current
        .signed()
        .ifPresent(
            s ->
                body.put(
                    "signedEpoch", Base64.getEncoder().encodeToString(s.encoded().unsafeArray())));
    return body;
  }

  ObjectNode batches(List<SealedMarkets.BatchInfo> batches) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("batches");
    for (SealedMarkets.BatchInfo b : batches) {
      ObjectNode node =
          list.addObject()
              .put("sequence", b.sequence())
              .put("epoch", b.epoch())
              .put("hash", b.hash().toBase58())
              .put("envelopes", b.envelopes())
              .put("executed", b.executed());
      if (b.anchorHeight() >= 0) {
        node.put("anchorHeight", b.anchorHeight());
      }
      ArrayNode rejections = node.putArray("rejections");
      b.rejections()
          .forEach(
              r ->
                  rejections
                      .addObject()
                      .put("position", r.position())
                      .put("code", r.code())
                      .put("message", r.message()));
    }
    return body;
  }
}

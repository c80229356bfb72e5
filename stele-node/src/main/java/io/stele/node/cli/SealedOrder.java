package io.stele.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.replay.Decimals;
import io.stele.exchange.sealed.EpochAnnouncement;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedEnvelope;
import io.stele.exchange.sealed.SignedEpoch;
import io.stele.node.client.NodeClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One order on a sealed market from the command line (docs/cli.md): fetches the venue's current
 * epoch, checks the key service's signature on it when the caller trusts a key service key, seals
 * the order to it with {@link OrderSealer} (one X25519 agreement, AES-256-GCM, the client's Ed25519
 * signature) and posts the envelope. An epoch that closed in between is fetched again.
 */
final class SealedOrder {
  private static final int ATTEMPTS = 5;

  /** The order as typed: amounts in decimal units; no price makes a market order. */
  record Order(
      String market,
      String side,
      String price,
      String size,
      String tif,
      boolean postOnly,
      long id) {}

  private final NodeClient node;
  private final KeyPair key;
  private final Rng rng;
  private final Clock clock;
  private final PublicKey keyService;

  /** {@code keyService} null: the epoch is taken as the venue serves it, unchecked. */
  SealedOrder(NodeClient node, KeyPair key, Rng rng, Clock clock, PublicKey keyService) {
    this.node = node;
    this.key = key;
    this.rng = rng;
    this.clock = clock;
    this.keyService = keyService;
  }

  ObjectNode place(Order order) {
    OrderPayload.Place payload = payload(order, node.getObject("/v1/exchange/markets"));
    for (int attempt = 1; ; attempt++) {
      JsonNode served = node.getObject("/v1/exchange/sealed/epoch");
      EpochAnnouncement epoch = announcement(served);
      checkSignature(served, epoch);
      // Counters must rise per client and epoch, also across runs of this command.
      long counter = Math.multiplyExact(clock.millis(), 1000);
      SealedEnvelope envelope = new OrderSealer(key, epoch, rng, counter).seal(payload.encode());
      try {
        JsonNode admitted =
            node.postObject(
                "/v1/exchange/sealed/envelopes",
                "application/octet-stream",
                envelope.bytes().toArray());
        return answer(order, served, admitted);
      } catch (SteleException e) {
        if (!e.code().equals("sealed.closed_epoch") || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private ObjectNode answer(Order order, JsonNode served, JsonNode admitted) {
    ObjectNode out =
        JsonNodeFactory.instance
            .objectNode()
            .put("market", order.market())
            .put("order", Long.toString(order.id()))
            .put("side", order.side())
            .put("size", order.size());
    if (order.price() != null) {
      out.put("price", order.price());
    }
    out.put("epoch", admitted.path("epoch").asLong())
        .put("counter", admitted.path("counter").asLong())
        .put("account", admitted.path("account").asText())
        .put("batch", admitted.path("batch").asLong())
        .put("position", admitted.path("position").asInt())
        .put("custody", served.path("custody").asText("unstated"))
        .put("epochChecked", keyService != null);
    if (keyService != null) {
      out.put("keyService", keyService.bytes().toBase58());
    }
    return out;
  }

  /**
   * The key service must have signed exactly the announcement served: otherwise the venue could
   * hand out a key of its own and read the order before its batch is published.
   */
  private void checkSignature(JsonNode served, EpochAnnouncement epoch) {
    if (keyService == null) {
      return;
    }
    JsonNode signed = served.path("signedEpoch");
    if (!signed.isTextual()) {
      throw new SteleException(
          "exchange.epoch_unsigned",
          "the venue shows no key service signature on epoch "
              + epoch.epoch()
              + " (its custody is "
              + served.path("custody").asText("unstated")
              + ")");
    }
    byte[] bytes;
    try {
      if (signed.asText().length() > 2 * SignedEpoch.MAX_LENGTH) {
        throw new IllegalArgumentException("too long");
      }
      bytes = Base64.getDecoder().decode(signed.asText());
    } catch (IllegalArgumentException e) {
      throw new SteleException(
          "exchange.bad_epoch", "signedEpoch is not base64 of a signed epoch: " + e.getMessage());
    }
    if (!SignedEpoch.verify(bytes, keyService).announcement().equals(epoch)) {
      throw new SteleException(
          "exchange.epoch_altered",
          "the venue serves epoch "
              + epoch.epoch()
              + " with another key or commitments than the key service signed");
    }
  }

  /** The served epoch, parsed strictly: it decides whom the order is readable by. */
  private static EpochAnnouncement announcement(JsonNode epoch) {
    try {
      JsonNode commitments = epoch.path("shareCommitments");
      if (!commitments.isArray() || commitments.size() > 255) {
        throw new SteleException("exchange.bad_epoch", "shareCommitments is not a list of keys");
      }
      List<Bytes> list = new ArrayList<>();
      commitments.forEach(c -> list.add(key32(c, "shareCommitments[]")));
      return new EpochAnnouncement(
          (int) integer(epoch, "chainId", 255),
          integer(epoch, "epoch", Long.MAX_VALUE),
          key32(epoch.path("publicKey"), "publicKey"),
          (int) integer(epoch, "threshold", 255),
          list);
    } catch (SteleException e) {
      throw new SteleException("exchange.bad_epoch", "the venue's epoch: " + e.getMessage());
    }
  }

  private static Bytes key32(JsonNode node, String field) {
    Bytes value = Bytes.fromBase58(node.asText(""), 32);
    if (value.length() != 32) {
      throw new SteleException("exchange.bad_epoch", field + " is not 32 bytes");
    }
    return value;
  }

  private static long integer(JsonNode node, String field, long max) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new SteleException("exchange.bad_epoch", field + " is not an integer");
    }
    long v = value.asLong();
    if (v < 0 || v > max) {
      throw new SteleException("exchange.bad_epoch", field + " " + v + " is outside 0.." + max);
    }
    return v;
  }

  /** The order in the engine's units, for the market named, which must be a sealed one. */
  private static OrderPayload.Place payload(Order order, JsonNode venue) {
    JsonNode market = bySymbol(venue.path("markets"), order.market());
    if (market == null) {
      throw new SteleException(
          "exchange.unknown_market", "no market " + order.market() + " on this venue");
    }
    if (!market.path("mode").asText().equals("sealed")) {
      throw new SteleException(
          "exchange.not_sealed",
          order.market() + " is a continuous market: place the order without --sealed");
    }
    int baseDecimals = decimals(venue, market.path("base").asText());
    int quoteDecimals = decimals(venue, market.path("quote").asText());
    boolean limit = order.price() != null;
    TimeInForce tif =
        choice(
            order.tif() != null ? order.tif() : limit ? "gtc" : "ioc",
            TimeInForce.values(),
            "--tif");
    return new OrderPayload.Place(
        order.id(),
        market.path("id").asInt(),
        choice(order.side(), Side.values(), "--side"),
        limit ? OrderType.LIMIT : OrderType.MARKET,
        tif,
        order.postOnly(),
        limit ? Decimals.parse(order.price(), quoteDecimals, "price") : 0,
        Decimals.parse(order.size(), baseDecimals, "size"));
  }

  private static int decimals(JsonNode venue, String asset) {
    JsonNode spec = bySymbol(venue.path("assets"), asset);
    if (spec == null) {
      throw new SteleException("exchange.unknown_asset", "no asset " + asset + " on this venue");
    }
    return spec.path("decimals").asInt();
  }

  private static JsonNode bySymbol(JsonNode list, String symbol) {
    for (JsonNode item : list) {
      if (item.path("symbol").asText().equals(symbol)) {
        return item;
      }
    }
    return null;
  }

  private static <E extends Enum<E>> E choice(String text, E[] values, String option) {
    for (E value : values) {
      if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
        return value;
      }
    }
    throw new SteleException("cli.bad_option", option + " cannot be '" + text + "'");
  }
}

package io.stele.node.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.exchange.replay.Decimals;
import io.stele.exchange.sealed.SealedDeposit;
import io.stele.exchange.venue.SignedRequest;
import io.stele.node.client.NodeClient;
import java.nio.charset.StandardCharsets;

/**
 * Signs exchange requests with a client key and sends them through a {@link NodeClient}; refusals
 * come back as the node's {@code SteleException}. Each request gets the clock's time and a random
 * nonce, so it is accepted once and only within the venue's window.
 */
public final class ExchangeClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeClient node;
  private final KeyPair key;
  private final Clock clock;
  private final Rng rng;
  private final String chain;
  private final JsonNode assets;
  private long lastDepositCounter;

  /** Learns the venue's chain id from {@code GET /v1/exchange/markets}. */
  public ExchangeClient(NodeClient node, KeyPair key, Clock clock, Rng rng) {
    this.node = node;
    this.key = key;
    this.clock = clock;
    this.rng = rng;
    JsonNode markets = node.getObject("/v1/exchange/markets");
    this.chain = markets.path("chain").asText();
    this.assets = markets.path("assets");
  }

  /** A random positive id: order ids are one namespace for the whole venue. */
  public long newOrderId() {
    return randomOrderId(rng);
  }

  /** A random positive order id drawn from {@code rng}. */
  public static long randomOrderId(Rng rng) {
    byte[] random = new byte[8];
    rng.nextBytes(random);
    long id = 0;
    for (byte b : random) {
      id = (id << 8) | (b & 0xff);
    }
    return (id & Long.MAX_VALUE) == 0 ? 1 : id & Long.MAX_VALUE;
  }

  /** The signed envelope of a request of {@code type} with {@code fields}. */
  public ObjectNode sign(String type, ObjectNode fields) {
    ObjectNode request =
        JSON.createObjectNode()
            .put("type", type)
            .put("chain", chain)
            .put("time", clock.millis())
            .put("nonce", newOrderId());
    request.setAll(fields);
    return SignedRequest.sign(key, request.toString());
  }

  /** POSTs a signed request of {@code type} to {@code path} and returns the node's answer. */
  public ObjectNode send(String path, String type, ObjectNode fields) {
    return node.postObject(
        path, "application/json", sign(type, fields).toString().getBytes(StandardCharsets.UTF_8));
  }

  public ObjectNode place(ObjectNode order) {
    return send("/v1/exchange/orders", "place", order);
  }

  public ObjectNode cancel(long orderId) {
    return send(
        "/v1/exchange/orders/cancel", "cancel", JSON.createObjectNode().put("order", orderId));
  }

  public ObjectNode orders() {
    return send("/v1/exchange/my/orders", "orders", JSON.createObjectNode());
  }

  public ObjectNode balances() {
    return send("/v1/exchange/my/balances", "balances", JSON.createObjectNode());
  }

  /**
   * Devnet faucet for the sealed markets: signs a {@link SealedDeposit} to {@code to} (a base58
   * public key) for the current epoch and sends it as a batch entry; the key must be the faucet's.
   * The counter is the clock in microseconds, kept rising within this client. An epoch that closed
   * in between is fetched again, as for a sealed order. The answer names the epoch, the counter and
   * the account; the deposit is applied when its batch executes.
   */
  public ObjectNode sealedDeposit(String to, String asset, String amount) {
    PublicKey recipient;
    try {
      recipient = PublicKey.fromBase58(to);
    } catch (SteleException e) {
      throw new SteleException("exchange.malformed", "to: " + e.getMessage());
    }
    JsonNode spec = null;
    for (JsonNode a : assets) {
      if (a.path("symbol").asText().equals(asset)) {
        spec = a;
      }
    }
    if (spec == null) {
      throw new SteleException("exchange.unknown_asset", "no asset " + asset + " on this venue");
    }
    long minor = Decimals.parse(amount, spec.path("decimals").asInt(), "amount");
    for (int attempt = 1; ; attempt++) {
      long epoch = node.getObject("/v1/exchange/sealed/epoch").path("epoch").asLong();
      lastDepositCounter =
          Math.max(Math.multiplyExact(clock.millis(), 1000), lastDepositCounter + 1);
      SealedDeposit deposit =
          SealedDeposit.sign(
              key,
              chain.charAt(0),
              epoch,
              lastDepositCounter,
              recipient,
              spec.path("id").asInt(),
              minor);
      try {
        return node.postObject(
            "/v1/exchange/sealed/envelopes", "application/octet-stream", deposit.bytes().toArray());
      } catch (SteleException e) {
        if (!e.code().equals("sealed.closed_epoch") || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Devnet faucet: the key must be the faucet's; {@code to} is a base58 public key. */
  public ObjectNode deposit(String to, String asset, String amount) {
    return send(
        "/v1/exchange/deposits",
        "deposit",
        JSON.createObjectNode().put("to", to).put("asset", asset).put("amount", amount));
  }
}

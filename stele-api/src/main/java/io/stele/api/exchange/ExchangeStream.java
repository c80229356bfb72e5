package io.stele.api.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.stele.api.Json;
import io.stele.api.Outbox;
import io.stele.core.error.SteleException;
import io.stele.exchange.venue.ReplayGuard;
import io.stele.exchange.venue.SignedRequest;
import io.stele.exchange.venue.Venue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code /v1/exchange/stream}: the client sends subscriptions, the server sends JSON messages
 * {@code {"type": T, T: payload}} through a bounded {@link Outbox} per connection (a client more
 * than {@link #QUEUE_CAPACITY} messages behind is disconnected with close code 1008).
 *
 * <ul>
 *   <li>{@code {"subscribe": "book", "market": M}}: a {@code book} snapshot, then {@code
 *       bookDelta}s (ignore those whose sequence is not above the snapshot's);
 *   <li>{@code {"subscribe": "trades", "market": M}}: {@code trade}s;
 *   <li>a signed request of type {@code subscribe}: the signer's {@code order} events.
 * </ul>
 *
 * Each is confirmed with {@code subscribed}; a bad message gets {@code error} ({@code code}, {@code
 * message}) and changes nothing.
 */
final class ExchangeStream implements Consumer<WsConfig> {
  static final int QUEUE_CAPACITY = 1024;
  static final int MAX_SUBSCRIPTIONS = 16;
  static final int MAX_MESSAGE_BYTES = ExchangeRoutes.MAX_BODY;

  private final Venue venue;
  private final ExchangeJson json;
  private final ReplayGuard guard;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  ExchangeStream(Venue venue, ExchangeJson json, ReplayGuard guard) {
    this.venue = venue;
    this.json = json;
    this.guard = guard;
  }

  @Override
  public void accept(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          ctx.enableAutomaticPings();
          ctx.session.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
          Connection connection = new Connection(ctx);
          connections.put(ctx.sessionId(), connection);
          connection.outbox.start("ws-exchange-" + ctx.sessionId());
        });
    ws.onMessage(
        ctx -> {
          Connection connection = connections.get(ctx.sessionId());
          if (connection != null) {
            connection.received(ctx.message());
          }
        });
    ws.onClose(ctx -> stop(ctx.sessionId()));
    ws.onError(ctx -> stop(ctx.sessionId()));
  }

  private void stop(String sessionId) {
    Connection connection = connections.remove(sessionId);
    if (connection != null) {
      connection.stop();
    }
  }

  private final class Connection {
    private final WsContext ctx;
    private final Outbox outbox;
    private final List<Venue.Subscription> subscriptions = new ArrayList<>();

    Connection(WsContext ctx) {
      this.ctx = ctx;
      this.outbox =
          new Outbox(
              QUEUE_CAPACITY,
              this::send,
              () ->
                  ctx.closeSession(
                      1008, "client too slow: more than " + QUEUE_CAPACITY + " messages behind"));
    }

    synchronized void received(String text) {
      try {
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
          throw new SteleException(
              "exchange.too_many_subscriptions",
              "at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection");
        }
        JsonNode message = Json.parse(text.getBytes(StandardCharsets.UTF_8));
        if (message.has("request")) {
          subscribeOrders(message);
        } else {
          subscribePublic(message);
        }
      } catch (SteleException e) {
        publish("error", Json.error(e.code(), e.getMessage()));
      }
    }

    private void subscribeOrders(JsonNode message) {
      SignedRequest request =
          ExchangeRoutes.verify(message, "subscribe", venue.config().chainId(), guard);
      request.allowOnly(Set.of());
      subscriptions.add(
          venue.onOrders(request.account(), e -> publish("order", json.orderEvent(e))));
      publish(
          "subscribed",
          Json.object().put("channel", "orders").put("account", Long.toString(request.account())));
    }

    private void subscribePublic(JsonNode message) {
      if (!message.isObject()) {
        throw new SteleException("exchange.malformed", "a subscription is a JSON object");
      }
      for (var names = message.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("subscribe") && !name.equals("market")) {
          throw new SteleException("exchange.malformed", "unknown field '" + name + "'");
        }
      }
      String channel = ExchangeRoutes.text(message, "subscribe");
      String symbol = ExchangeRoutes.text(message, "market");
      int market = venue.config().marketId(symbol);
      switch (channel) {
        case "book" -> {
          subscriptions.add(venue.onBook(market, d -> publish("bookDelta", json.delta(d))));
          publish("subscribed", Json.object().put("channel", "book").put("market", symbol));
          publish("book", json.depth(venue.book(market, ExchangeRoutes.MAX_LEVELS)));
        }
        case "trades" -> {
          subscriptions.add(venue.onTrade(market, t -> publish("trade", json.trade(t))));
          publish("subscribed", Json.object().put("channel", "trades").put("market", symbol));
        }
        default ->
            throw new SteleException(
                "exchange.malformed",
                "subscribe to book, trades or (signed) orders, not " + channel);
      }
    }

    private void publish(String type, ObjectNode payload) {
      ObjectNode message = Json.object().put("type", type);
      message.set(type, payload);
      outbox.offer(Json.write(message));
    }

    private void send(String message) {
      if (ctx.session.isOpen()) {
        ctx.send(message);
      }
    }

    synchronized void stop() {
      subscriptions.forEach(Venue.Subscription::close);
      subscriptions.clear();
      outbox.stop();
    }
  }
}

package io.stele.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.stele.ledger.node.LedgerNode.Subscription;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A WebSocket feed of node events. Each connection gets its own {@link Outbox}: a bounded queue and
 * a virtual thread that sends from it, so a slow client never holds up the node that publishes; a
 * client that falls more than {@link #QUEUE_CAPACITY} messages behind is disconnected (close code
 * 1008). Messages are {@code {"type": <type>, <type>: <payload>}}.
 */
public final class EventStream implements Consumer<WsConfig> {
  static final int QUEUE_CAPACITY = 1024;

  private final String type;
  private final Function<Consumer<ObjectNode>, Subscription> subscribe;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  public EventStream(String type, Function<Consumer<ObjectNode>, Subscription> subscribe) {
    this.type = type;
    this.subscribe = subscribe;
  }

  @Override
  public void accept(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          ctx.enableAutomaticPings();
          Connection connection = new Connection(ctx);
          connections.put(ctx.sessionId(), connection);
          connection.start();
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
    private Subscription subscription;

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

    synchronized void start() {
      outbox.start("ws-" + type + "-" + ctx.sessionId());
      subscription = subscribe.apply(this::publish);
    }

    private void publish(ObjectNode payload) {
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
      subscription.close();
      outbox.stop();
    }
  }
}

package io.stele.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamTest {

  @Test
  void finalizedBlocksReachWebSocketClientsInOrder() throws Exception {
    FakeLedgerNode node = new FakeLedgerNode();
    try (ApiServer server =
        new ApiServer(ApiLimits.DEFAULT, List.of(new LedgerRoutes(node, ApiLimits.DEFAULT)))
            .start("127.0.0.1", 0)) {
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket socket = connect(server.port(), "/v1/streams/blocks", received);
      awaitSubscribers(node.blockListeners, 1);

      for (int height = 1; height <= 3; height++) {
        int h = height;
        node.blockListeners.forEach(l -> l.accept(Json.object().put("height", h)));
      }
      for (int height = 1; height <= 3; height++) {
        String text = received.poll(10, TimeUnit.SECONDS);
        assertThat(text).as("message for height " + height).isNotNull();
        JsonNode message = Json.MAPPER.readTree(text);
        assertThat(message.path("type").asText()).isEqualTo("block");
        assertThat(message.path("block").path("height").asInt()).isEqualTo(height);
      }

      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
      awaitSubscribers(node.blockListeners, 0);
      assertThat(node.blockListeners).isEmpty();
    }
  }

  @Test
  void receiptsHaveTheirOwnStream() throws Exception {
    FakeLedgerNode node = new FakeLedgerNode();
    try (ApiServer server =
        new ApiServer(ApiLimits.DEFAULT, List.of(new LedgerRoutes(node, ApiLimits.DEFAULT)))
            .start("127.0.0.1", 0)) {
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      connect(server.port(), "/v1/streams/receipts", received);
      awaitSubscribers(node.receiptListeners, 1);
      node.receiptListeners.forEach(l -> l.accept(Json.object().put("targetHash", "abc")));
      JsonNode message = Json.MAPPER.readTree(received.poll(10, TimeUnit.SECONDS));
      assertThat(message.path("type").asText()).isEqualTo("receipt");
      assertThat(message.path("receipt").path("targetHash").asText()).isEqualTo("abc");
      assertThat(node.blockListeners).isEmpty();
    }
  }

  private static WebSocket connect(int port, String path, BlockingQueue<String> received) {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(
            URI.create("ws://127.0.0.1:" + port + path),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  received.add(partial.toString());
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }
            })
        .join();
  }

  /** Subscriptions change on server threads; wait (bounded) until the count is reached. */
  private static void awaitSubscribers(List<?> listeners, int count) throws InterruptedException {
    for (int i = 0; i < 500 && listeners.size() != count; i++) {
      Thread.sleep(10);
    }
    assertThat(listeners).hasSize(count);
  }
}

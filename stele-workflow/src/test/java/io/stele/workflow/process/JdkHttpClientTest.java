package io.stele.workflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a server on 127.0.0.1 only; no outside network. */
class JdkHttpClientTest {
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/echo",
        exchange -> {
          byte[] in = exchange.getRequestBody().readAllBytes();
          byte[] out =
              (exchange.getRequestMethod() + " " + new String(in, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain");
          exchange.sendResponseHeaders(201, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void sendsTheRequestAndReturnsStatusHeadersAndBody() throws IOException {
    HttpClient.Reply reply =
        new JdkHttpClient(Duration.ofSeconds(5))
            .send(new HttpClient.Request("POST", base + "/echo", Map.of("X-Test", "1"), "hi"));
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("content-type")).isEqualTo("text/plain");
    assertThat(reply.body()).isEqualTo("POST hi");
  }

  @Test
  void otherSchemesAreNotCalled() {
    assertThatThrownBy(
            () ->
                new JdkHttpClient(Duration.ofSeconds(1))
                    .send(new HttpClient.Request("GET", "file:///etc/passwd", Map.of(), null)))
        .isInstanceOf(IOException.class)
        .hasMessage("only http and https URLs are called, not file:///etc/passwd");
  }
}

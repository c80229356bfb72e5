package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stele.core.crypto.KeyPair;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SeededRng;
import io.stele.node.devnet.Devnet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stele exchange amend} sends the venue's amend request with exactly one of {@code size}
 * (new remaining) and {@code total} (new total), against a stand-in node that records what it got.
 */
class ExchangeAmendCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<JsonNode> amends = new ArrayList<>();
  private HttpServer node;
  private Path keyFile;
  private Path passphraseFile;

  @BeforeEach
  void standInNode() throws IOException {
    node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    node.createContext("/v1/exchange/markets", e -> answer(e, "{\"chain\":\"T\"}"));
    node.createContext(
        "/v1/exchange/orders/amend",
        e -> {
          JsonNode envelope = JSON.readTree(e.getRequestBody().readAllBytes());
          amends.add(JSON.readTree(envelope.path("request").asText()));
          answer(e, "{\"status\":\"accepted\"}");
        });
    node.start();
    SeededRng rng = new SeededRng(4);
    passphraseFile = dir.resolve("passphrase");
    Files.writeString(passphraseFile, "amend test\n");
    keyFile = dir.resolve("alice.key");
    KeyFile.write(keyFile, KeyPair.generate(rng), "amend test".toCharArray(), rng, Devnet.KEY_COST);
  }

  @AfterEach
  void stop() {
    node.stop(0);
  }

  private static void answer(HttpExchange e, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().add("Content-Type", "application/json");
    e.sendResponseHeaders(200, body.length);
    e.getResponseBody().write(body);
    e.close();
  }

  private int amend(String... sizeOptions) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "exchange",
                "amend",
                "--node",
                "http://127.0.0.1:" + node.getAddress().getPort(),
                "--key",
                keyFile.toString(),
                "--passphrase-file",
                passphraseFile.toString(),
                "--order",
                "42",
                "--price",
                "1.25"));
    args.addAll(List.of(sizeOptions));
    return SteleCommand.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
  }

  @Test
  void totalSendsTheNewTotalAndNoSize() {
    assertThat(amend("--total", "7.5")).as(err.toString()).isZero();
    assertThat(amends).hasSize(1);
    JsonNode request = amends.get(0);
    assertThat(request.path("type").asText()).isEqualTo("amend");
    assertThat(request.path("order").asLong()).isEqualTo(42);
    assertThat(request.path("price").asText()).isEqualTo("1.25");
    assertThat(request.path("total").asText()).isEqualTo("7.5");
    assertThat(request.has("size")).isFalse();
  }

  @Test
  void sizeSendsTheNewRemainingAndNoTotal() {
    assertThat(amend("--size", "3")).as(err.toString()).isZero();
    assertThat(amends).hasSize(1);
    assertThat(amends.get(0).path("size").asText()).isEqualTo("3");
    assertThat(amends.get(0).has("total")).isFalse();
  }

  @Test
  void bothOrNeitherIsAUsageErrorAndSendsNothing() {
    assertThat(amend("--size", "3", "--total", "7")).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
    assertThat(amend()).isEqualTo(2);
    assertThat(amends).isEmpty();
  }
}

package io.stele.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Talks to a node's HTTP API. A refusal by the node comes back as the {@link SteleException} the
 * node reported (same code, same message); a node that cannot be reached is {@code
 * cli.unreachable}.
 */
public final class NodeClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http;

  public NodeClient(URI base) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI base() {
    return base;
  }

  public ObjectNode status() {
    return get("/v1/status").orElseThrow();
  }

  /** The genesis the node runs (for chain id and fees; never a substitute for a trusted copy). */
  public ObjectNode genesis() {
    return get("/v1/genesis").orElseThrow();
  }

  /** A block by height (digits) or base58 hash; {@code api.not_found} when unknown. */
  public ObjectNode block(String heightOrHash) {
    return require(get("/v1/blocks/" + segment(heightOrHash)), "block " + heightOrHash);
  }

  public Optional<ObjectNode> transaction(String id) {
    return get("/v1/transactions/" + segment(id));
  }

  public ObjectNode account(String address) {
    return require(get("/v1/accounts/" + segment(address)), "account " + address);
  }

  public ObjectNode submit(byte[] signedTransaction) {
    return postObject("/v1/transactions", "application/octet-stream", signedTransaction);
  }

  /** Queues hashes written in {@code encoding} ({@code hex} or {@code base58}). */
  public ObjectNode anchor(List<String> hashes, String encoding) {
    ObjectNode body = JSON.createObjectNode().put("encoding", encoding);
    ArrayNode list = body.putArray("hashes");
    hashes.forEach(list::add);
    return postObject(
        "/v1/anchors", "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The receipt once the hash's block is final; empty while it is not. */
  public Optional<ObjectNode> receipt(String hash, String encoding) {
    return get(
        "/v1/receipts/"
            + segment(hash)
            + "?encoding="
            + URLEncoder.encode(encoding, StandardCharsets.UTF_8));
  }

  /**
   * GETs a route of the node's API ({@code path} from {@code /v1/...}, already encoded) and returns
   * its JSON object; for route groups that have their own client, such as Live Contracts.
   */
  public ObjectNode getObject(String path) {
    return send(request(path).GET().build());
  }

  /** POSTs {@code body} of {@code contentType} to a route and returns the node's JSON object. */
  public ObjectNode postObject(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  /** Encodes one path segment (an id, a key) for a URL. */
  public static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Optional<ObjectNode> get(String path) {
    try {
      return Optional.of(send(request(path).GET().build()));
    } catch (SteleException e) {
      if (e.code().equals("api.not_found")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static ObjectNode require(Optional<ObjectNode> value, String what) {
    return value.orElseThrow(() -> new SteleException("api.not_found", "unknown " + what));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
  }

  private ObjectNode send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SteleException(
          "cli.unreachable", "cannot reach the node at " + base + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SteleException("cli.interrupted", "interrupted while waiting for " + base, e);
    }
    JsonNode body = parse(response);
    if (response.statusCode() / 100 != 2) {
      throw new SteleException(
          body.path("code").asText("api.http_" + response.statusCode()),
          body.path("message").asText("the node answered HTTP " + response.statusCode()));
    }
    if (!body.isObject()) {
      throw new SteleException("cli.bad_response", "the node at " + base + " did not send JSON");
    }
    return (ObjectNode) body;
  }

  private JsonNode parse(HttpResponse<byte[]> response) {
    try {
      JsonNode node = JSON.readTree(response.body());
      return node == null ? JSON.missingNode() : node;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}

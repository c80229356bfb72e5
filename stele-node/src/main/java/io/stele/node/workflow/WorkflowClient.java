package io.stele.node.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Calls a node's Live Contracts routes ({@code /v1/workflow/...}). A refusal comes back as the
 * {@link SteleException} the node reported; a node that cannot be reached is {@code
 * cli.unreachable}, as for {@code NodeClient}.
 */
public final class WorkflowClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public WorkflowClient(URI node) {
    String text = node.toString();
    this.base = (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/v1/workflow";
  }

  /**
   * Adds a scenario; {@code contentType} is {@code application/json} or {@code application/yaml}.
   */
  public ObjectNode addScenario(byte[] scenario, String contentType) {
    return send(post("/scenarios", contentType, scenario));
  }

  /** Starts a process; {@code request} is {@code {"scenario", "identities"}}. */
  public ObjectNode start(ObjectNode request) {
    return send(post("/processes", "application/json", bytes(request)));
  }

  /** Performs an action; {@code request} is {@code {"identity", "actor", "action", ...}}. */
  public ObjectNode act(String process, ObjectNode request) {
    return send(
        post("/processes/" + segment(process) + "/actions", "application/json", bytes(request)));
  }

  /** The process's state; with an actor, also what that actor may do now. */
  public ObjectNode state(String process, String actor) {
    String query =
        actor == null ? "" : "?actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8);
    return send(get("/processes/" + segment(process) + query));
  }

  public ObjectNode events(String process) {
    return send(get("/processes/" + segment(process) + "/events"));
  }

  /** {@code {"process", "format", "diagram"}} with {@code format} mermaid or dot. */
  public ObjectNode diagram(String process, String format) {
    return send(
        get(
            "/processes/"
                + segment(process)
                + "/diagram?format="
                + URLEncoder.encode(format, StandardCharsets.UTF_8)));
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
  }

  private HttpRequest post(String path, String contentType, byte[] body) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private ObjectNode send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SteleException(
          "cli.unreachable", "cannot reach the node at " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SteleException("cli.interrupted", "interrupted while waiting for the node", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() / 100 != 2) {
      JsonNode error = body == null ? JSON.missingNode() : body;
      throw new SteleException(
          error.path("code").asText("api.http_" + response.statusCode()),
          error.path("message").asText("the node answered HTTP " + response.statusCode()));
    }
    if (body == null || !body.isObject()) {
      throw new SteleException("cli.bad_response", "the node did not send a JSON object");
    }
    return (ObjectNode) body;
  }

  private static byte[] bytes(JsonNode value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

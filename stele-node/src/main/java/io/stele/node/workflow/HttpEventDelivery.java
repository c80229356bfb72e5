package io.stele.node.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.error.SteleException;
import io.stele.workflow.distribution.ChainPage;
import io.stele.workflow.distribution.EventDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Delivers a page of a chain by POSTing it to {@code <node>/v1/workflow/chains}, where {@code node}
 * is the base URL an identity names as its node; the answer's {@code common} says how many events
 * the node holds. Anything that may work later (no answer, a timeout, 429, a 5xx) is {@link
 * EventDelivery#FAILED}; any other refusal comes back with the receiver's code.
 */
public final class HttpEventDelivery implements EventDelivery {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration timeout;

  public HttpEventDelivery(Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
  }

  @Override
  public int deliver(String node, ChainPage page) {
    URI target;
    try {
      target = URI.create((node.endsWith("/") ? node : node + "/") + "v1/workflow/chains");
    } catch (IllegalArgumentException e) {
      throw new SteleException("delivery.bad_node", "node " + node + " is not a URL");
    }
    if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
      throw new SteleException("delivery.bad_node", "node " + node + " is not an http(s) URL");
    }
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    io.stele.workflow.json.Json.write(page.toJson()), StandardCharsets.UTF_8))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SteleException(FAILED, "cannot reach " + target + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SteleException(FAILED, "interrupted while delivering to " + target, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return common(response.body(), page);
    }
    if (status == 429 || status >= 500) {
      throw new SteleException(FAILED, target + " answered HTTP " + status);
    }
    JsonNode error;
    // the receiver's own refusal, e.g. workflow.chain_gap or workflow.event_signature
    try {
      error = JSON.readTree(response.body());
      error = error == null ? JSON.missingNode() : error;
    } catch (IOException e) {
      error = JSON.missingNode();
    }
    throw new SteleException(
        error.path("code").asText("delivery.http_" + status),
        error.path("message").asText(target + " answered HTTP " + status));
  }

  /** The receiver's {@code common}; a receiver that does not say took the whole page. */
  private static int common(byte[] body, ChainPage page) {
    int all = page.from() + page.events().size();
    try {
      JsonNode answer = JSON.readTree(body);
      JsonNode common = answer == null ? null : answer.get("common");
      return common != null && common.isInt() ? common.intValue() : all;
    } catch (IOException e) {
      return all;
    }
  }
}

package io.stele.node.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The few HTTP calls between a venue, its key service and its key holders, with bodies as bytes. A
 * peer that cannot be reached is {@code custody.unavailable}; a refusal keeps the peer's code.
 */
final class CustodyHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_BODY = 64 << 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The body of a GET, or empty when the peer says the thing is not there (404). */
  Optional<byte[]> get(URI base, String path) {
    HttpResponse<byte[]> response = send(base, HttpRequest.newBuilder(uri(base, path)).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(check(base, response));
  }

  byte[] post(URI base, String path, byte[] body) {
    return check(
        base,
        send(
            base,
            HttpRequest.newBuilder(uri(base, path))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
  }

  JsonNode json(byte[] body, URI base) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SteleException("custody.bad_response", base + " did not answer JSON");
    }
  }

  private static URI uri(URI base, String path) {
    String text = base.toString();
    return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
  }

  private HttpResponse<byte[]> send(URI base, HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.body().length > MAX_BODY) {
        throw new SteleException("custody.bad_response", base + " answered too much");
      }
      return response;
    } catch (IOException e) {
      throw new SteleException("custody.unavailable", "cannot reach " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SteleException("custody.unavailable", "interrupted while asking " + base, e);
    }
  }

  private byte[] check(URI base, HttpResponse<byte[]> response) {
    if (response.statusCode() / 100 == 2) {
      return response.body();
    }
    JsonNode error;
    try {
      error = JSON.readTree(response.body());
    } catch (IOException e) {
      error = JSON.missingNode();
    }
    throw new SteleException(
        error == null
            ? "custody.http_" + response.statusCode()
            : error.path("code").asText("custody.http_" + response.statusCode()),
        base
            + ": "
            + (error == null ? "" : error.path("message").asText("HTTP " + response.statusCode())));
  }
}

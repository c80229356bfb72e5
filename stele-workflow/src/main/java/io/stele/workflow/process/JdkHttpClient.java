package io.stele.workflow.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The production {@link HttpClient}: the JDK's client, http and https only, with a timeout per
 * request and reply bodies cut at {@link SystemActions#MAX_REPLY_CHARS} bytes.
 */
public final class JdkHttpClient implements HttpClient {
  private final java.net.http.HttpClient client;
  private final Duration timeout;

  public JdkHttpClient(Duration timeout) {
    this.timeout = timeout;
    this.client =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public Reply send(Request request) throws IOException {
    URI uri;
    try {
      uri = new URI(request.url());
    } catch (URISyntaxException e) {
      throw new IOException("not a URL: " + request.url(), e);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("only http and https URLs are called, not " + request.url());
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
    request.headers().forEach(builder::header);
    builder.method(
        request.method(),
        request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    try {
      HttpResponse<InputStream> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(SystemActions.MAX_REPLY_CHARS);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      response.headers().map().forEach((name, values) -> headers.put(name, values.getFirst()));
      return new Reply(response.statusCode(), headers, new String(body, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while calling " + request.url());
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot call " + request.url() + ": " + e.getMessage(), e);
    }
  }
}

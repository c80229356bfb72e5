package io.stele.workflow.process;

import java.io.IOException;
import java.util.Map;

/**
 * How http system actions reach the outside world; tests inject replies, production a real client.
 */
public interface HttpClient {
  /** A request an http action makes. */
  record Request(String method, String url, Map<String, String> headers, String body) {}

  /** The reply; header names are compared without regard to case. */
  record Reply(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * Sends a request.
   *
   * @throws IOException if no reply arrives (the action then answers "error")
   */
  Reply send(Request request) throws IOException;
}

package io.stele.workflow.flow;

import io.stele.workflow.process.HttpClient;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The stand-in HTTP of a flow: replies are queued by the steps and used up in order, one per
 * request; with the queue empty a request fails as an unreachable server would.
 */
final class QueuedHttpClient implements HttpClient {
  private final Deque<Reply> replies = new ArrayDeque<>();
  private int requests;

  void enqueue(List<Reply> more) {
    replies.addAll(more);
  }

  int requestCount() {
    return requests;
  }

  @Override
  public Reply send(Request request) throws IOException {
    requests++;
    Reply reply = replies.poll();
    if (reply == null) {
      throw new IOException("no stand-in reply left for " + request.method() + " " + request.url());
    }
    return reply;
  }
}

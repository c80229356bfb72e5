package io.stele.api.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.api.Json;
import io.stele.ledger.node.LedgerNode.Subscription;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.process.Process;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Fans process changes out to WebSocket clients. {@link WorkflowService} listeners cannot be
 * removed, so this registers one listener for good and keeps the clients' subscriptions itself.
 */
final class ProcessFeed {
  private final Set<Consumer<ObjectNode>> clients = new CopyOnWriteArraySet<>();

  ProcessFeed(WorkflowService workflows) {
    workflows.addListener(this::changed);
  }

  Subscription subscribe(Consumer<ObjectNode> client) {
    clients.add(client);
    return () -> clients.remove(client);
  }

  int clients() {
    return clients.size();
  }

  /**
   * {@code {id, state, events, latestHash, anchored}}, with counts: enough to decide what to fetch.
   */
  private void changed(String processId, EventChain chain, Process process) {
    if (clients.isEmpty()) {
      return;
    }
    ObjectNode change = Json.object().put("id", processId).put("state", process.state());
    change.put("events", chain.events().size()).put("latestHash", chain.latestHash());
    change.put("anchored", chain.events().stream().filter(e -> !e.receipt().isNull()).count());
    clients.forEach(client -> client.accept(change.deepCopy()));
  }
}

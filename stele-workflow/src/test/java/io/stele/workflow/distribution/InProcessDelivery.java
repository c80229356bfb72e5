package io.stele.workflow.distribution;

import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery between nodes in one JVM that can fail, hold back (delay) and duplicate copies, so that
 * tests can play the network's failures deterministically.
 */
final class InProcessDelivery implements EventDelivery {
  private record Held(String node, ChainPage page) {}

  private final Map<String, PartyNode> nodes = new HashMap<>();
  private final List<Held> held = new ArrayList<>();
  private final List<PartyNode.Outcome> outcomes = new ArrayList<>();
  private final List<ChainPage> sent = new ArrayList<>();
  private int failures;
  private int pageBytes = PAGE_BYTES;
  private boolean holding;
  private boolean duplicating;

  void register(PartyNode node) {
    nodes.put(node.name(), node);
  }

  /** The next {@code count} deliveries fail as if the node could not be reached. */
  void failNext(int count) {
    failures = count;
  }

  /** Accepted copies are kept back until {@link #release}: the sender believes they arrived. */
  void hold(boolean on) {
    holding = on;
  }

  /** Every copy arrives twice. */
  void duplicate(boolean on) {
    duplicating = on;
  }

  /** Pages carry at most this many bytes of event JSON. */
  void pageBytes(int bytes) {
    pageBytes = bytes;
  }

  /** Every page handed to this delivery, in order. */
  List<ChainPage> sent() {
    return sent;
  }

  @Override
  public int maxPageBytes() {
    return pageBytes;
  }

  /** What the receiving nodes answered, in order. */
  List<PartyNode.Outcome> outcomes() {
    return outcomes;
  }

  void release() {
    List<Held> now = List.copyOf(held);
    held.clear();
    now.forEach(h -> arrive(h.node(), h.page()));
  }

  @Override
  public int deliver(String node, ChainPage page) {
    sent.add(page);
    if (failures > 0) {
      failures--;
      throw new SteleException(FAILED, "node " + node + " did not answer");
    }
    if (holding) {
      held.add(new Held(node, page));
      return page.from() + page.events().size();
    }
    int common = arrive(node, page);
    if (duplicating) {
      common = arrive(node, page);
    }
    return common;
  }

  private int arrive(String node, ChainPage page) {
    PartyNode target = nodes.get(node);
    if (target == null) {
      throw new SteleException(FAILED, "no route to " + node);
    }
    PartyNode.Received received = target.receive(page);
    outcomes.add(received.outcome());
    return received.common();
  }
}

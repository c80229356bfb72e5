package io.stele.workflow.distribution;

import io.stele.core.error.SteleException;
import io.stele.workflow.chain.EventChain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery between nodes in one JVM that can fail, hold back (delay) and duplicate copies, so that
 * tests can play the network's failures deterministically.
 */
final class InProcessDelivery implements EventDelivery {
  private record Held(String node, EventChain chain) {}

  private final Map<String, PartyNode> nodes = new HashMap<>();
  private final List<Held> held = new ArrayList<>();
  private final List<PartyNode.Outcome> outcomes = new ArrayList<>();
  private int failures;
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

  /** What the receiving nodes answered, in order. */
  List<PartyNode.Outcome> outcomes() {
    return outcomes;
  }

  void release() {
    List<Held> now = List.copyOf(held);
    held.clear();
    now.forEach(h -> arrive(h.node(), h.chain()));
  }

  @Override
  public void deliver(String node, EventChain chain) {
    if (failures > 0) {
      failures--;
      throw new SteleException(FAILED, "node " + node + " did not answer");
    }
    if (holding) {
      held.add(new Held(node, chain));
      return;
    }
    arrive(node, chain);
    if (duplicating) {
      arrive(node, chain);
    }
  }

  private void arrive(String node, EventChain chain) {
    PartyNode target = nodes.get(node);
    if (target == null) {
      throw new SteleException(FAILED, "no route to " + node);
    }
    outcomes.add(target.receive(chain));
  }
}

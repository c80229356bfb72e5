package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.workflow.chain.AppendOnlyList;
import io.stele.workflow.json.Json;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A proposal to leave the scenario's path: a deviation (go to {@code state}) or a scenario update
 * (switch to {@code scenario}, mapping states by {@code states}). It takes effect once every other
 * actor has accepted it; one refusal ends it.
 *
 * @param id the hash of the event that made the proposal
 * @param state the deviation's target state; null for an update
 * @param scenario the update's new scenario as written; null for a deviation
 * @param states the update's mapping from old state keys to new ones (keys it does not name stay)
 * @param accepted the actors who accepted so far, in order
 */
public record Proposal(
    String id,
    Kind kind,
    String actor,
    String reason,
    String state,
    JsonNode scenario,
    Map<String, String> states,
    List<String> accepted,
    Status status) {
  public enum Kind {
    DEVIATION,
    UPDATE
  }

  public enum Status {
    PENDING,
    APPLIED,
    REFUSED
  }

  public Proposal {
    states = states == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(states));
    accepted = List.copyOf(accepted);
  }

  Proposal accept(String by) {
    return new Proposal(
        id,
        kind,
        actor,
        reason,
        state,
        scenario,
        states,
        AppendOnlyList.of(accepted).plus(by),
        status);
  }

  Proposal settle(Status outcome) {
    return new Proposal(id, kind, actor, reason, state, scenario, states, accepted, outcome);
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.NODES.objectNode();
    node.put("id", id);
    node.put("kind", kind.name().toLowerCase(Locale.ROOT));
    node.put("actor", actor);
    node.put("reason", reason);
    if (kind == Kind.DEVIATION) {
      node.put("state", state);
    } else {
      node.set("scenario", scenario);
      ObjectNode mapping = node.putObject("states");
      states.forEach(mapping::put);
    }
    node.putArray("accepted").addAll(accepted.stream().map(Json.NODES::textNode).toList());
    node.put("status", status.name().toLowerCase(Locale.ROOT));
    return node;
  }
}

package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded LTO scenario (schema v0.2.0). Built only by {@link ScenarioLoader}, which checks it.
 *
 * @param actors actor key to its JSON Schema
 * @param assets asset key to its JSON Schema
 * @param initialState {@code initial}, or {@code :initial} when the scenario names it so
 * @param source the whole scenario as JSON, as loaded
 */
public record Scenario(
    String title,
    Map<String, JsonNode> actors,
    Map<String, JsonNode> assets,
    JsonNode definitions,
    Map<String, Action> actions,
    Map<String, State> states,
    List<String> allowActions,
    String initialState,
    JsonNode source) {
  public Scenario {
    actors = Collections.unmodifiableMap(new LinkedHashMap<>(actors));
    assets = Collections.unmodifiableMap(new LinkedHashMap<>(assets));
    actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    allowActions = List.copyOf(allowActions);
  }

  /** The state with this key; the final states exist even when the scenario does not list them. */
  public State state(String key) {
    State state = states.get(key);
    if (state == null && State.isFinal(key)) {
      return new State(key, null, List.of(), List.of(), null, null);
    }
    return state;
  }
}

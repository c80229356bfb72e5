package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario action.
 *
 * @param condition instructions that must be truthy for the action to be available, or null
 * @param determineResponse instructions that choose the response key, or null
 * @param definition the action as written in the scenario (url, method, data, body, ...)
 */
public record Action(
    String key,
    ActionKind kind,
    String title,
    List<String> actors,
    Map<String, ResponseDefinition> responses,
    String defaultResponse,
    String triggerResponse,
    JsonNode condition,
    JsonNode determineResponse,
    JsonNode definition) {
  public Action {
    actors = List.copyOf(actors);
    responses = Collections.unmodifiableMap(new LinkedHashMap<>(responses));
  }
}

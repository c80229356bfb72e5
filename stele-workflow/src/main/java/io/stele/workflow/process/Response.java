package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A response the process accepted: who did which action, with which response key and data, plus the
 * properties of the response's definition in the scenario (title, ...).
 *
 * @param json the definition's properties (title, ...) then {@code action}, {@code key}, {@code
 *     actor} and {@code data}
 */
public record Response(String action, String key, String actor, ObjectNode json) {
  /** {@code <action>.<key>}, as previous responses are listed. */
  public String label() {
    return action + "." + key;
  }

  public JsonNode data() {
    return json.get("data");
  }
}

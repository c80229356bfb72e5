package io.stele.workflow.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.workflow.json.Json;

/**
 * A message an actor recorded on the process; it changes no state.
 *
 * @param timestamp of the event that recorded it, Unix seconds
 */
public record Comment(String actor, String message, long timestamp) {
  public ObjectNode toJson() {
    return Json.NODES
        .objectNode()
        .put("actor", actor)
        .put("message", message)
        .put("timestamp", timestamp);
  }
}

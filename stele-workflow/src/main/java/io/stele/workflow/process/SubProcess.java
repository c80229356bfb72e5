package io.stele.workflow.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.workflow.json.Json;

/**
 * A child process started by a sub-process action of this one.
 *
 * @param process the child's process id (its chain id)
 * @param scenario the id of the child's scenario
 * @param state the final state the child ended in, or null while it runs
 */
public record SubProcess(
    String action, String actor, String process, String scenario, String state) {
  public boolean running() {
    return state == null;
  }

  SubProcess ended(String finalState) {
    return new SubProcess(action, actor, process, scenario, finalState);
  }

  public ObjectNode toJson() {
    return Json.NODES
        .objectNode()
        .put("action", action)
        .put("actor", actor)
        .put("process", process)
        .put("scenario", scenario)
        .put("state", state);
  }
}

package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One response an action accepts.
 *
 * @param properties the definition's own properties (title, display, ...) without {@code update}
 */
public record ResponseDefinition(
    String key, ObjectNode properties, List<UpdateInstruction> updates) {
  public ResponseDefinition {
    updates = List.copyOf(updates);
  }
}

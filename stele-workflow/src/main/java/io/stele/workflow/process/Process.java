package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.workflow.chain.AppendOnlyList;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Scenario;
import java.util.List;

/**
 * A running instance of a scenario: an immutable value. {@link ProcessEngine} computes the next
 * value from this one and an input; nothing else changes a process.
 *
 * @param state key of the current state
 * @param data the process data: {@code actors}, {@code assets} and anything updates selected
 * @param responses every accepted response, oldest first
 */
public record Process(Scenario scenario, String state, ObjectNode data, List<Response> responses) {
  public Process {
    data = data.deepCopy();
    responses = AppendOnlyList.of(responses);
  }

  /** A copy of the process data; changing it does not change the process. */
  @Override
  public ObjectNode data() {
    return data.deepCopy();
  }

  public ObjectNode actors() {
    return (ObjectNode) data.get("actors").deepCopy();
  }

  public ObjectNode assets() {
    return (ObjectNode) data.get("assets").deepCopy();
  }

  /** The actor who did the last step, or null before the first step. */
  public String lastActor() {
    return responses.isEmpty() ? null : responses.getLast().actor();
  }

  /** The whole process as JSON; equal processes give equal bytes. */
  public ObjectNode toJson() {
    ObjectNode node = Json.NODES.objectNode();
    node.put("state", state);
    node.set("data", data.deepCopy());
    ArrayNode list = node.putArray("responses");
    responses.forEach(r -> list.add(r.json().deepCopy()));
    return node;
  }

  JsonNode rawData() {
    return data;
  }
}

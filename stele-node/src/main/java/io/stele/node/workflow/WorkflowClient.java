package io.stele.node.workflow;

import static io.stele.node.client.NodeClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.node.client.NodeClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Calls a node's Live Contracts routes ({@code /v1/workflow/...}) through {@link NodeClient}, so
 * refusals and unreachable nodes are reported as for every other command.
 */
public final class WorkflowClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "/v1/workflow";

  private final NodeClient node;

  public WorkflowClient(NodeClient node) {
    this.node = node;
  }

  /**
   * Adds a scenario; {@code contentType} is {@code application/json} or {@code application/yaml}.
   */
  public ObjectNode addScenario(byte[] scenario, String contentType) {
    return node.postObject(ROOT + "/scenarios", contentType, scenario);
  }

  /** Starts a process; {@code request} is {@code {"scenario", "identities"}}. */
  public ObjectNode start(ObjectNode request) {
    return node.postObject(ROOT + "/processes", "application/json", bytes(request));
  }

  /** Performs an action; {@code request} is {@code {"identity", "actor", "action", ...}}. */
  public ObjectNode act(String process, ObjectNode request) {
    return node.postObject(
        ROOT + "/processes/" + segment(process) + "/actions", "application/json", bytes(request));
  }

  /**
   * Records a process event other than an action: {@code what} is {@code comments}, {@code
   * deviations}, {@code updates}, {@code subprocesses} or {@code proposals/<id>/answers}.
   */
  public ObjectNode record(String process, String what, ObjectNode request) {
    return node.postObject(
        ROOT + "/processes/" + segment(process) + "/" + what, "application/json", bytes(request));
  }

  /** The process's state; with an actor, also what that actor may do now. */
  public ObjectNode state(String process, String actor) {
    String query = actor == null ? "" : "?actor=" + query(actor);
    return node.getObject(ROOT + "/processes/" + segment(process) + query);
  }

  public ObjectNode events(String process) {
    return node.getObject(ROOT + "/processes/" + segment(process) + "/events");
  }

  /** {@code {"forks": [...]}}: forks the node was sent and cannot decide until anchored. */
  public ObjectNode forks() {
    return node.getObject(ROOT + "/forks");
  }

  /** {@code {"process", "format", "diagram"}} with {@code format} mermaid or dot. */
  public ObjectNode diagram(String process, String format) {
    return node.getObject(
        ROOT + "/processes/" + segment(process) + "/diagram?format=" + query(format));
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(JsonNode value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}

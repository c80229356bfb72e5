package io.stele.workflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flow file: a scripted run of a scenario (format of {@code vectors/lto/flows/README.md}).
 *
 * @param scenario where the scenario is, resolved as the README says
 */
public record Flow(String source, Path scenario, List<FlowStep> steps) {
  public static final int MAX_BYTES = 1 << 20;
  public static final int MAX_STEPS = 10_000;

  public Flow {
    steps = List.copyOf(steps);
  }

  public static Flow read(Path file) {
    JsonNode json = Json.parse(Json.readFile(file, MAX_BYTES), MAX_BYTES, file.toString());
    if (!json.isObject()) {
      throw bad("flow", "must be an object");
    }
    JsonNode scenarioNode = json.get("scenario");
    if (scenarioNode == null || !scenarioNode.isTextual()) {
      throw bad("flow.scenario", "must be a string");
    }
    JsonNode stepsNode = json.get("steps");
    if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
      throw bad("flow.steps", "must be a non-empty array");
    }
    if (stepsNode.size() > MAX_STEPS) {
      throw bad("flow.steps", "has more than " + MAX_STEPS + " steps");
    }
    List<FlowStep> steps = new ArrayList<>();
    for (int i = 0; i < stepsNode.size(); i++) {
      steps.add(step(stepsNode.get(i), "flow.steps[" + i + "]", i == 0));
    }
    return new Flow(
        json.path("source").asText(null), scenarioPath(file, scenarioNode.textValue()), steps);
  }

  /**
   * A bare name is in {@code ../scenarios/<Dir>/} next to the flows ({@code <Dir>} is the flow file
   * name before its first dot); {@code tests/flow/<Dir>/<name>} names the same place by its path in
   * LTO's workflow-engine repository.
   */
  static Path scenarioPath(Path flowFile, String name) {
    String fileName = flowFile.getFileName().toString();
    String dir = fileName.contains(".") ? fileName.substring(0, fileName.indexOf('.')) : fileName;
    Path scenarios = flowFile.toAbsolutePath().getParent().resolveSibling("scenarios");
    if (!name.contains("/")) {
      return scenarios.resolve(dir).resolve(checkName(name));
    }
    String[] parts = name.split("/");
    if (parts.length == 4 && parts[0].equals("tests") && parts[1].equals("flow")) {
      return scenarios.resolve(checkName(parts[2])).resolve(checkName(parts[3]));
    }
    throw bad("flow.scenario", "'" + name + "' is neither a file name nor tests/flow/<Dir>/<file>");
  }

  private static String checkName(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("\\")) {
      throw bad("flow.scenario", "'" + name + "' is not a plain file name");
    }
    return name;
  }

  private static FlowStep step(JsonNode node, String where, boolean first) {
    if (!node.isObject()) {
      throw bad(where, "must be an object");
    }
    JsonNode expect = node.get("expect");
    if (expect != null && !expect.isObject()) {
      throw bad(where + ".expect", "must be an object");
    }
    List<HttpClient.Reply> replies = new ArrayList<>();
    JsonNode http = node.get("httpResponses");
    if (http != null) {
      if (!http.isArray()) {
        throw bad(where + ".httpResponses", "must be an array");
      }
      for (int i = 0; i < http.size(); i++) {
        replies.add(reply(http.get(i), where + ".httpResponses[" + i + "]"));
      }
    }
    if (first && !node.has("actor")) {
      return new FlowStep(null, null, null, null, false, replies, expect);
    }
    boolean trigger = node.path("trigger").asBoolean(false);
    String actor = text(node, "actor", where, true);
    String action = text(node, "action", where, !trigger);
    if (trigger && action != null) {
      throw bad(where + ".action", "must be null for a trigger (the default action)");
    }
    return new FlowStep(
        actor,
        action,
        text(node, "response", where, false),
        dataOf(node),
        trigger,
        replies,
        expect);
  }

  private static JsonNode dataOf(JsonNode node) {
    JsonNode data = node.get("data");
    return data == null || data.isNull() ? null : data;
  }

  private static HttpClient.Reply reply(JsonNode node, String where) {
    if (!node.isObject() || !node.path("status").isInt()) {
      throw bad(where, "must be an object with an integer status");
    }
    int status = node.get("status").intValue();
    if (status < 100 || status > 599) {
      throw bad(where + ".status", status + " is not an HTTP status");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("headers")
        .fields()
        .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    JsonNode body = node.get("body");
    return new HttpClient.Reply(
        status,
        headers,
        body == null || body.isNull()
            ? ""
            : body.isTextual() ? body.textValue() : Json.write(body));
  }

  private static String text(JsonNode node, String field, String where, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw bad(where + "." + field, "is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw bad(where + "." + field, "must be a string or null");
    }
    return value.textValue();
  }

  private static SteleException bad(String where, String problem) {
    return new SteleException("workflow.flow", where + " " + problem);
  }
}

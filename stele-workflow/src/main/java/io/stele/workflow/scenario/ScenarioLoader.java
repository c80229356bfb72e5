package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.data.DataInstructions;
import io.stele.workflow.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an LTO scenario (v0.2.x) from JSON or YAML and checks its shape. A malformed scenario is
 * refused with {@code workflow.scenario} and a message naming the offending path. References
 * between parts (a state naming a missing action, ...) are the {@link ScenarioLinter}'s business.
 */
public final class ScenarioLoader {
  public static final int MAX_BYTES = 1 << 20;
  private static final String SCHEMA =
      "https://specs\\.livecontracts\\.io/v0\\.2\\.\\d+/scenario/schema\\.json#?";

  private ScenarioLoader() {}

  /** Loads a {@code .json}, {@code .yml} or {@code .yaml} file. */
  public static Scenario load(Path file) {
    byte[] bytes = Json.readFile(file, MAX_BYTES);
    String name = file.getFileName().toString();
    JsonNode json =
        name.endsWith(".yml") || name.endsWith(".yaml")
            ? Json.parseYaml(bytes, MAX_BYTES, file.toString())
            : Json.parse(bytes, MAX_BYTES, file.toString());
    return fromJson(json);
  }

  public static Scenario fromJson(JsonNode json) {
    ObjectNode root = object(json, "scenario");
    String schema = requiredText(root, "$schema", "scenario");
    if (!schema.matches(SCHEMA)) {
      throw bad("scenario.$schema", "is " + schema + ", not a v0.2 scenario schema");
    }
    Map<String, JsonNode> actors = schemas(root, "actors", true);
    Map<String, JsonNode> assets = schemas(root, "assets", false);
    JsonNode definitions = root.get("definitions");
    if (definitions != null) {
      definitions = object(definitions, "scenario.definitions");
    }
    Map<String, Action> actions = new LinkedHashMap<>();
    ObjectNode actionsNode = object(root.get("actions"), "scenario.actions");
    actionsNode
        .fields()
        .forEachRemaining(e -> actions.put(e.getKey(), action(e.getKey(), e.getValue())));
    Map<String, State> states = new LinkedHashMap<>();
    ObjectNode statesNode = object(root.get("states"), "scenario.states");
    statesNode
        .fields()
        .forEachRemaining(e -> states.put(e.getKey(), state(e.getKey(), e.getValue())));
    String initial = states.containsKey("initial") ? "initial" : ":initial";
    if (!states.containsKey(initial)) {
      throw bad("scenario.states", "has no initial state (initial or :initial)");
    }
    if (states.containsKey("initial") && states.containsKey(":initial")) {
      throw bad("scenario.states", "has both initial and :initial");
    }
    List<String> allow = keyList(root, "allow_actions", "scenario");
    try {
      DataInstructions.check(root, "scenario");
    } catch (SteleException e) {
      throw new SteleException("workflow.scenario", e.getMessage(), e);
    }
    return new Scenario(
        optionalText(root, "title", "scenario"),
        actors,
        assets,
        definitions,
        actions,
        states,
        allow,
        initial,
        root);
  }

  private static Map<String, JsonNode> schemas(ObjectNode root, String field, boolean required) {
    JsonNode node = root.get(field);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (node == null && !required) {
      return out;
    }
    ObjectNode all = object(node, "scenario." + field);
    all.fields()
        .forEachRemaining(
            e -> {
              String where = "scenario." + field + "." + e.getKey();
              ObjectNode schema = object(e.getValue(), where);
              JsonNode properties = schema.get("properties");
              if (properties != null && !properties.isObject()) {
                throw bad(where + ".properties", "must be an object");
              }
              out.put(e.getKey(), schema);
            });
    return out;
  }

  private static Action action(String key, JsonNode json) {
    String where = "scenario.actions." + key;
    ObjectNode node = object(json, where);
    ActionKind kind = ActionKind.USER;
    if (node.has("$schema")) {
      String schema = requiredText(node, "$schema", where);
      kind = ActionKind.fromSchema(schema);
      if (kind == null) {
        throw bad(where + ".$schema", "is " + schema + ", not an action schema this engine runs");
      }
    }
    List<String> actors = new ArrayList<>();
    if (node.has("actor") && node.has("actors")) {
      throw bad(where, "has both actor and actors");
    }
    if (node.has("actor")) {
      actors.add(requiredText(node, "actor", where));
    } else {
      actors.addAll(keyList(node, "actors", where));
    }
    if (actors.isEmpty()) {
      throw bad(where, "names no actor (actor or actors)");
    }
    Map<String, ResponseDefinition> responses = new LinkedHashMap<>();
    if (node.has("responses")) {
      object(node.get("responses"), where + ".responses")
          .fields()
          .forEachRemaining(
              e -> responses.put(e.getKey(), response(e.getKey(), e.getValue(), where)));
      if (responses.isEmpty()) {
        throw bad(where + ".responses", "is empty");
      }
    } else {
      // Without a list an action accepts "ok"; an http call can also fail, so it accepts "error".
      responses.put("ok", new ResponseDefinition("ok", Json.NODES.objectNode(), List.of()));
      if (kind == ActionKind.HTTP) {
        responses.put("error", new ResponseDefinition("error", Json.NODES.objectNode(), List.of()));
      }
      // A child process ends in one of the three final states; each is a response.
      if (kind == ActionKind.SUBPROCESS) {
        for (String end : List.of("failed", "cancelled")) {
          responses.put(end, new ResponseDefinition(end, Json.NODES.objectNode(), List.of()));
        }
      }
    }
    String defaultResponse = optionalText(node, "default_response", where);
    if (defaultResponse != null && !responses.containsKey(defaultResponse)) {
      throw bad(
          where + ".default_response", "names " + defaultResponse + ", not one of the responses");
    }
    String triggerResponse = optionalText(node, "trigger_response", where);
    if (triggerResponse != null && !responses.containsKey(triggerResponse)) {
      throw bad(
          where + ".trigger_response", "names " + triggerResponse + ", not one of the responses");
    }
    if (kind == ActionKind.HTTP && !node.has("url")) {
      throw bad(where, "is an http action without url");
    }
    if (kind == ActionKind.SUBPROCESS) {
      requiredText(node, "scenario", where);
    }
    return new Action(
        key,
        kind,
        optionalText(node, "title", where),
        actors,
        responses,
        defaultResponse == null ? "ok" : defaultResponse,
        triggerResponse,
        node.get("condition"),
        node.get("determine_response"),
        node);
  }

  private static ResponseDefinition response(String key, JsonNode json, String action) {
    String where = action + ".responses." + key;
    ObjectNode properties = object(json, where).deepCopy();
    JsonNode update = properties.remove("update");
    List<UpdateInstruction> updates = new ArrayList<>();
    if (update != null) {
      if (update.isArray()) {
        for (int i = 0; i < update.size(); i++) {
          updates.add(update(update.get(i), where + ".update[" + i + "]"));
        }
      } else {
        updates.add(update(update, where + ".update"));
      }
    }
    return new ResponseDefinition(key, properties, updates);
  }

  private static UpdateInstruction update(JsonNode node, String where) {
    if (node.isTextual()) {
      return new UpdateInstruction(select(node.textValue(), where), true, null, null);
    }
    ObjectNode object = object(node, where);
    String select = select(requiredText(object, "select", where), where + ".select");
    JsonNode patch = object.get("patch");
    if (patch != null && !patch.isBoolean()) {
      throw bad(where + ".patch", "must be true or false");
    }
    return new UpdateInstruction(
        select,
        patch == null || patch.booleanValue(),
        object.get("data"),
        optionalText(object, "projection", where));
  }

  private static String select(String path, String where) {
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw bad(where, "'" + path + "' is not a property path");
    }
    return path;
  }

  private static State state(String key, JsonNode json) {
    String where = "scenario.states." + key;
    ObjectNode node = object(json, where);
    if (node.has("action") && node.has("actions")) {
      throw bad(where, "has both action and actions");
    }
    List<String> actions = new ArrayList<>();
    if (node.has("action")) {
      actions.add(requiredText(node, "action", where));
    } else {
      actions.addAll(keyList(node, "actions", where));
    }
    if (State.isFinal(key) && !actions.isEmpty()) {
      throw bad(where, "is a final state and cannot have actions");
    }
    if (node.has("transition") && node.has("transitions")) {
      throw bad(where, "has both transition and transitions");
    }
    List<Transition> transitions = new ArrayList<>();
    if (node.has("transition")) {
      transitions.add(new Transition(null, null, null, requiredText(node, "transition", where)));
    } else if (node.has("transitions")) {
      JsonNode list = node.get("transitions");
      if (!list.isArray()) {
        throw bad(where + ".transitions", "must be an array");
      }
      for (int i = 0; i < list.size(); i++) {
        String at = where + ".transitions[" + i + "]";
        ObjectNode t = object(list.get(i), at);
        transitions.add(
            new Transition(
                optionalText(t, "action", at),
                optionalText(t, "response", at),
                t.get("condition"),
                requiredText(t, "transition", at)));
      }
    }
    JsonNode instructions = node.get("instructions");
    if (instructions != null && !instructions.isObject()) {
      throw bad(where + ".instructions", "must be an object");
    }
    String timeoutText = optionalText(node, "timeout", where);
    Timeout timeout = null;
    if (timeoutText != null) {
      try {
        timeout = Timeout.parse(timeoutText);
      } catch (IllegalArgumentException e) {
        throw bad(where + ".timeout", "'" + timeoutText + "' is not an ISO-8601 duration");
      }
    }
    return new State(
        key, optionalText(node, "title", where), actions, transitions, instructions, timeout);
  }

  /** An object; an empty array also counts as an empty object, as LTO's PHP engine writes it. */
  private static ObjectNode object(JsonNode node, String where) {
    if (node != null && node.isArray() && node.isEmpty()) {
      return Json.NODES.objectNode();
    }
    if (node == null || !node.isObject()) {
      throw bad(where, "must be an object");
    }
    return (ObjectNode) node;
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw bad(where + "." + field, "must be a non-empty string");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw bad(where + "." + field, "must be a string");
    }
    return value.textValue();
  }

  private static List<String> keyList(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!value.isArray()) {
      throw bad(where + "." + field, "must be an array of strings");
    }
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        throw bad(where + "." + field + "[" + i + "]", "must be a string");
      }
      out.add(value.get(i).textValue());
    }
    return out;
  }

  private static SteleException bad(String where, String problem) {
    return new SteleException("workflow.scenario", where + " " + problem);
  }
}

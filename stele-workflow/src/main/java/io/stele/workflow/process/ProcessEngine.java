package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.AppendOnlyList;
import io.stele.workflow.data.DataInstructions;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Action;
import io.stele.workflow.scenario.ActionKind;
import io.stele.workflow.scenario.ResponseDefinition;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.SchemaCheck;
import io.stele.workflow.scenario.State;
import io.stele.workflow.scenario.Transition;
import io.stele.workflow.scenario.UpdateInstruction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The EFSM engine: pure functions from a process (and an input) to a process or a prediction. No
 * clock, no randomness, no I/O; system actions that need the outside world run in {@link
 * SystemActions}, which hands the response it produced back to {@link #respond}.
 */
public final class ProcessEngine {
  private ProcessEngine() {}

  /** A new process in the scenario's initial state; actors and assets start from their defaults. */
  public static Process start(Scenario scenario) {
    ObjectNode data = Json.NODES.objectNode();
    ObjectNode actors = data.putObject("actors");
    scenario.actors().forEach((key, schema) -> actors.set(key, instantiate(key, schema)));
    ObjectNode assets = data.putObject("assets");
    scenario.assets().forEach((key, schema) -> assets.set(key, instantiate(key, schema)));
    return new Process(scenario, scenario.initialState(), data);
  }

  private static ObjectNode instantiate(String key, JsonNode schema) {
    ObjectNode value = Json.NODES.objectNode();
    value.put("key", key);
    if (schema.hasNonNull("title")) {
      value.set("title", schema.get("title"));
    }
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      properties
          .fields()
          .forEachRemaining(
              p -> {
                if (p.getValue().has("default")) {
                  value.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
              });
    }
    return value;
  }

  /**
   * Performs one response; refuses, changing nothing, anything the current state does not allow.
   */
  public static Process respond(Process process, ResponseInput input) {
    Action action = allowed(process, input.actor(), input.action());
    if (action.kind() == ActionKind.SUBPROCESS) {
      throw new SteleException(
          "workflow.subprocess",
          "action "
              + action.key()
              + " starts a sub-process; its response is recorded when the child ends");
    }
    return perform(process, action, input);
  }

  /**
   * The action, if {@code actor} may perform it now; the checks {@link #respond} makes before it
   * looks at the response.
   */
  static Action allowed(Process process, String actor, String actionKey) {
    Scenario scenario = process.scenario();
    State state = scenario.state(process.state());
    if (state.actions().isEmpty() && State.isFinal(state.key())) {
      throw new SteleException(
          "workflow.process_ended", "the process has ended in state " + state.key());
    }
    if (!process.rawData().path("actors").has(actor)) {
      throw new SteleException(
          "workflow.unknown_actor", "actor " + actor + " is not an actor of the process");
    }
    Action action = scenario.actions().get(actionKey);
    if (action == null) {
      throw new SteleException(
          "workflow.unknown_action", "action " + actionKey + " is not in the scenario");
    }
    if (!state.actions().contains(action.key())
        && !scenario.allowActions().contains(action.key())) {
      throw new SteleException(
          "workflow.action_not_allowed",
          "action " + action.key() + " is not available in state " + state.key());
    }
    if (!action.actors().contains(actor)) {
      throw new SteleException(
          "workflow.actor_not_allowed",
          "actor " + actor + " may not perform action " + action.key());
    }
    if (!allowedActors(process, action).contains(actor)) {
      throw new SteleException(
          "workflow.condition_failed",
          "the condition of action " + action.key() + " does not hold for actor " + actor);
    }
    return action;
  }

  /** Applies a response to an action {@link #allowed} has let through. */
  static Process perform(Process process, Action action, ResponseInput input) {
    Scenario scenario = process.scenario();
    State state = scenario.state(process.state());
    JsonNode data = input.data() == null ? NullNode.getInstance() : input.data();
    String key = responseKey(process, action, input, data);
    ResponseDefinition definition = action.responses().get(key);
    if (definition == null) {
      throw new SteleException(
          "workflow.unknown_response",
          "action "
              + action.key()
              + " has no response "
              + key
              + "; it has "
              + action.responses().keySet());
    }
    // The definition's properties come first so that they can never mask who did what.
    ObjectNode json = definition.properties().deepCopy();
    json.put("action", action.key());
    json.put("key", key);
    json.put("actor", input.actor());
    json.set("data", data.deepCopy());
    Response response = new Response(action.key(), key, input.actor(), json);

    ObjectNode updated = (ObjectNode) process.rawData().deepCopy();
    for (UpdateInstruction update : definition.updates()) {
      apply(
          update,
          updated,
          () -> context(scenario, updated, process.responses(), input.actor(), response),
          response);
    }
    SchemaCheck.changed(
        "actors", scenario.actors(), process.rawData().path("actors"), updated.path("actors"));
    SchemaCheck.changed(
        "assets", scenario.assets(), process.rawData().path("assets"), updated.path("assets"));
    List<Response> responses = AppendOnlyList.of(process.responses()).plus(response);
    String next =
        target(
            state,
            action.key(),
            key,
            () -> context(scenario, updated, responses, input.actor(), response));
    if (scenario.state(next) == null) {
      throw new SteleException(
          "workflow.unknown_state",
          "response "
              + response.label()
              + " leads from "
              + state.key()
              + " to "
              + next
              + ", which is not a state of the scenario");
    }
    return process.step(next, updated, responses);
  }

  /**
   * The target of the first transition of {@code state} whose action, response and condition match
   * (conditions see {@code context}, built only if one needs it); the state itself if none does.
   */
  private static String target(
      State state, String action, String key, Supplier<ObjectNode> context) {
    ObjectNode after = null; // built only if a condition needs it: it copies the whole process
    for (Transition t : state.transitions()) {
      if ((t.action() == null || t.action().equals(action))
          && (t.response() == null || t.response().equals(key))) {
        if (t.condition() != null && after == null) {
          after = context.get();
        }
        if (holds(t.condition(), after)) {
          return t.target();
        }
      }
    }
    return state.key();
  }

  /** The pseudo-action a state's time-out transition names: {@code {"action": ":timeout"}}. */
  public static final String TIMEOUT = Transition.TIMEOUT;

  /**
   * The process after its current state timed out: the state's first {@code :timeout} transition
   * whose condition holds is taken, and a response {@code :timeout.ok} with no actor and no data is
   * added. Whether the time has come is the caller's to judge ({@link #dueDate}).
   *
   * @throws SteleException {@code workflow.no_timeout} if the state has no time-out or no time-out
   *     transition that applies
   */
  public static Process timeout(Process process) {
    Scenario scenario = process.scenario();
    State state = scenario.state(process.state());
    if (state.timeout() == null) {
      throw new SteleException("workflow.no_timeout", "state " + state.key() + " has no timeout");
    }
    ObjectNode json = Json.NODES.objectNode();
    json.put("action", TIMEOUT);
    json.put("key", "ok");
    json.putNull("actor");
    json.putNull("data");
    Response response = new Response(TIMEOUT, "ok", null, json);
    List<Response> responses = AppendOnlyList.of(process.responses()).plus(response);
    ObjectNode ctx = null;
    String next = null;
    for (Transition t : state.transitions()) {
      if (TIMEOUT.equals(t.action()) && (t.response() == null || t.response().equals("ok"))) {
        if (t.condition() != null && ctx == null) {
          ctx = context(scenario, process.rawData(), responses, null, response);
        }
        if (holds(t.condition(), ctx)) {
          next = t.target();
          break;
        }
      }
    }
    if (next == null || next.equals(state.key()) || scenario.state(next) == null) {
      throw new SteleException(
          "workflow.no_timeout",
          "state " + state.key() + " has no :timeout transition to another state that applies");
    }
    return process.step(next, (ObjectNode) process.rawData(), responses);
  }

  private static String responseKey(
      Process process, Action action, ResponseInput input, JsonNode data) {
    if (action.determineResponse() != null) {
      ObjectNode ctx =
          context(process.scenario(), process.rawData(), process.responses(), input.actor(), null);
      ctx.putObject("response").set("data", data);
      JsonNode chosen = DataInstructions.evaluate(action.determineResponse(), ctx);
      if (!chosen.isTextual()) {
        throw new SteleException(
            "workflow.unknown_response",
            "determine_response of action " + action.key() + " gave " + chosen + ", not a key");
      }
      return chosen.textValue();
    }
    return input.response() == null ? "ok" : input.response();
  }

  private static void apply(
      UpdateInstruction update, ObjectNode data, Supplier<ObjectNode> context, Response response) {
    JsonNode value =
        update.data() == null
            ? response.data()
            : DataInstructions.evaluate(update.data(), context.get());
    if (update.projection() != null && !value.isNull()) {
      value = DataInstructions.apply(update.projection(), value);
    }
    if (value == null || value.isNull()) {
      return; // an update that gets no data leaves its target as it was
    }
    String path = update.select();
    if (path.equals("current.actor") || path.startsWith("current.actor.")) {
      path = "actors." + response.actor() + path.substring("current.actor".length());
    } else if (path.equals("current") || path.startsWith("current.")) {
      throw new SteleException(
          "workflow.update", "update cannot select " + path + "; only current.actor is writable");
    }
    String[] parts = path.split("\\.");
    ObjectNode at = data;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = at.get(parts[i]);
      if (child == null || !child.isObject()) {
        child = at.putObject(parts[i]);
      }
      at = (ObjectNode) child;
    }
    String last = parts[parts.length - 1];
    JsonNode existing = at.get(last);
    if (update.patch() && existing != null && existing.isObject() && value.isObject()) {
      merge((ObjectNode) existing, (ObjectNode) value);
    } else {
      at.set(last, value.deepCopy());
    }
  }

  private static void merge(ObjectNode target, ObjectNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode existing = target.get(e.getKey());
              if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue());
              } else {
                target.set(e.getKey(), e.getValue().deepCopy());
              }
            });
  }

  /**
   * The actions that can be performed now, in the state's order followed by {@code allow_actions}:
   * those with at least one actor for whom the condition holds. Empty in a final state.
   */
  public static List<String> availableActions(Process process) {
    State state = process.scenario().state(process.state());
    List<String> order = new ArrayList<>(state.actions());
    if (!State.isFinal(state.key())) {
      process.scenario().allowActions().stream()
          .filter(a -> !order.contains(a))
          .forEach(order::add);
    }
    List<String> available = new ArrayList<>();
    for (String key : order) {
      Action action = process.scenario().actions().get(key);
      if (action != null && !allowedActors(process, action).isEmpty()) {
        available.add(key);
      }
    }
    return available;
  }

  /**
   * When the process's stay in its current state times out, in Unix seconds, given when it entered
   * that state; empty if the state has no timeout. Nothing fires on its own: the caller decides
   * what a passed due date means.
   */
  public static Optional<Long> dueDate(Process process, long enteredAtSeconds) {
    State state = process.scenario().state(process.state());
    return state.timeout() == null
        ? Optional.empty()
        : Optional.of(state.timeout().after(enteredAtSeconds));
  }

  /** The first available action, if any. */
  public static Optional<String> defaultAction(Process process) {
    return availableActions(process).stream().findFirst();
  }

  /**
   * The actors who may perform {@code action} now. A condition that mentions {@code current.actor}
   * is checked once per actor of the action, with that actor as {@code current.actor}; any other
   * condition is checked once, with the actor of the last step.
   */
  public static List<String> allowedActors(Process process, Action action) {
    JsonNode actors = process.rawData().path("actors");
    List<String> candidates = action.actors().stream().filter(actors::has).toList();
    if (action.condition() == null) {
      return candidates;
    }
    Scenario scenario = process.scenario();
    if (Json.write(action.condition()).contains("current.actor")) {
      return candidates.stream()
          .filter(
              a ->
                  holds(
                      action.condition(),
                      context(
                          scenario,
                          process.rawData(),
                          process.responses(),
                          a,
                          lastResponse(process))))
          .toList();
    }
    ObjectNode ctx =
        context(
            scenario,
            process.rawData(),
            process.responses(),
            process.lastActor(),
            lastResponse(process));
    return holds(action.condition(), ctx) ? candidates : List.of();
  }

  /**
   * The states the process goes through if everyone takes the default choice, as the LTO flow
   * vectors define it: nothing is simulated, and a state seen twice ends the walk with {@code
   * :loop}.
   */
  public static List<String> nextStates(Process process) {
    Scenario scenario = process.scenario();
    ObjectNode ctx =
        context(
            scenario,
            process.rawData(),
            process.responses(),
            process.lastActor(),
            lastResponse(process));
    List<String> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    State state = scenario.state(process.state());
    while (state != null) {
      Action action = null;
      for (String key : state.actions()) {
        Action candidate = scenario.actions().get(key);
        if (candidate != null && !allowedActors(process, candidate).isEmpty()) {
          action = candidate;
          break;
        }
      }
      if (action == null) {
        break;
      }
      Transition taken = null;
      for (Transition t : state.transitions()) {
        if ((t.action() == null || t.action().equals(action.key()))
            && (t.response() == null || t.response().equals(action.defaultResponse()))
            && holds(t.condition(), ctx)) {
          taken = t;
          break;
        }
      }
      if (taken == null) {
        break;
      }
      path.add(taken.target());
      if (!seen.add(taken.target())) {
        path.add(":loop");
        break;
      }
      state = scenario.state(taken.target());
    }
    return path;
  }

  private static Response lastResponse(Process process) {
    return process.responses().isEmpty() ? null : process.responses().getLast();
  }

  private static boolean holds(JsonNode condition, JsonNode context) {
    return condition == null
        || DataInstructions.isTruthy(DataInstructions.evaluate(condition, context));
  }

  /**
   * What conditions and instructions see: the process data, plus {@code current} (state key, actor,
   * response), {@code previous} (the responses so far) and the scenario's definitions.
   */
  static ObjectNode context(
      Scenario scenario,
      JsonNode data,
      List<Response> responses,
      String currentActor,
      Response currentResponse) {
    ObjectNode ctx = (ObjectNode) data.deepCopy();
    ObjectNode current = ctx.putObject("current");
    JsonNode actor = currentActor == null ? null : data.path("actors").get(currentActor);
    current.set("actor", actor == null ? NullNode.getInstance() : actor.deepCopy());
    current.set(
        "response",
        currentResponse == null ? NullNode.getInstance() : currentResponse.json().deepCopy());
    ctx.putArray("previous").addAll(responses.stream().map(r -> (JsonNode) r.json()).toList());
    if (scenario.definitions() != null) {
      ctx.set("definitions", scenario.definitions());
    }
    return ctx;
  }
}

package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Action;
import io.stele.workflow.scenario.ActionKind;
import io.stele.workflow.scenario.LintFinding;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLinter;
import io.stele.workflow.scenario.ScenarioLoader;
import io.stele.workflow.scenario.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events beside responses that change a process: comments, deviations and scenario updates
 * (proposed, then accepted or refused by the other actors) and sub-processes. Each has a body with
 * its own {@code $schema} (Stele's; LTO published none for these) and a pure rule: {@link #apply}
 * gives the next process or refuses, changing nothing. A live step and a replay run the same rule
 * on the same body, which is why replaying rebuilds a process byte for byte.
 */
public final class ProcessEvents {
  private static final String BASE = "https://specs.stele.io/workflow/v1/";
  public static final String COMMENT = BASE + "comment/schema.json#";
  public static final String DEVIATION = BASE + "deviation/schema.json#";
  public static final String UPDATE = BASE + "update/schema.json#";
  public static final String ANSWER = BASE + "answer/schema.json#";
  public static final String SUBPROCESS = BASE + "subprocess/schema.json#";
  public static final String SUBPROCESS_END = BASE + "subprocess-end/schema.json#";

  /** Longest comment or reason, in characters. */
  public static final int MAX_TEXT = 10_000;

  private ProcessEvents() {}

  /** True if {@code schema} is one of the event kinds {@link #apply} handles. */
  public static boolean handles(String schema) {
    return switch (schema) {
      case COMMENT, DEVIATION, UPDATE, ANSWER, SUBPROCESS, SUBPROCESS_END -> true;
      default -> false;
    };
  }

  /**
   * The process after the event with this body, recorded at {@code timestamp} (Unix seconds) as
   * event {@code eventHash}.
   */
  public static Process apply(Process process, JsonNode body, String eventHash, long timestamp) {
    return switch (body.path("$schema").asText()) {
      case COMMENT -> comment(process, body, timestamp);
      case DEVIATION -> propose(process, body, eventHash, Proposal.Kind.DEVIATION);
      case UPDATE -> propose(process, body, eventHash, Proposal.Kind.UPDATE);
      case ANSWER -> answer(process, body);
      case SUBPROCESS -> startSubprocess(process, body);
      case SUBPROCESS_END -> endSubprocess(process, body);
      default ->
          throw new SteleException(
              "workflow.event_kind", "no rule for events of schema " + body.path("$schema"));
    };
  }

  public static ObjectNode commentBody(String actor, String message) {
    ObjectNode body = body(COMMENT, actor);
    body.put("message", message);
    return body;
  }

  public static ObjectNode deviationBody(String actor, String state, String reason) {
    ObjectNode body = body(DEVIATION, actor);
    body.put("state", state);
    body.put("reason", reason);
    return body;
  }

  public static ObjectNode updateBody(
      String actor, JsonNode scenario, Map<String, String> states, String reason) {
    ObjectNode body = body(UPDATE, actor);
    body.set("scenario", scenario);
    ObjectNode mapping = body.putObject("states");
    states.forEach(mapping::put);
    body.put("reason", reason);
    return body;
  }

  public static ObjectNode answerBody(String actor, String proposal, boolean accept) {
    ObjectNode body = body(ANSWER, actor);
    body.put("proposal", proposal);
    body.put("accept", accept);
    return body;
  }

  public static ObjectNode subprocessBody(
      String actor, String action, String childProcess, String scenarioId) {
    ObjectNode body = body(SUBPROCESS, actor);
    body.put("action", action);
    body.put("process", childProcess);
    body.put("scenario", scenarioId);
    return body;
  }

  public static ObjectNode subprocessEndBody(String childProcess, String state, JsonNode assets) {
    ObjectNode body = Json.NODES.objectNode();
    body.put("$schema", SUBPROCESS_END);
    body.put("process", childProcess);
    body.put("state", state);
    body.set("assets", assets);
    return body;
  }

  private static ObjectNode body(String schema, String actor) {
    ObjectNode body = Json.NODES.objectNode();
    body.put("$schema", schema);
    body.put("actor", actor);
    return body;
  }

  private static Process comment(Process process, JsonNode body, long timestamp) {
    String actor = actor(process, body);
    String message = text(body, "message", "workflow.comment");
    return process.withComment(new Comment(actor, message, timestamp));
  }

  private static Process propose(Process process, JsonNode body, String id, Proposal.Kind kind) {
    String actor = actor(process, body);
    String code =
        kind == Proposal.Kind.DEVIATION ? "workflow.deviation" : "workflow.scenario_update";
    if (State.isFinal(process.state())) {
      throw new SteleException(
          "workflow.process_ended", "the process has ended in state " + process.state());
    }
    process
        .pendingProposal()
        .ifPresent(
            p -> {
              throw new SteleException(
                  "workflow.proposal_pending",
                  "proposal " + p.id() + " by " + p.actor() + " is still waiting for answers");
            });
    String reason = body.hasNonNull("reason") ? text(body, "reason", code) : null;
    Proposal proposal;
    if (kind == Proposal.Kind.DEVIATION) {
      String target = text(body, "state", code);
      if (process.scenario().state(target) == null) {
        throw new SteleException(
            "workflow.unknown_state", "deviation to " + target + ", which is not a state");
      }
      if (target.equals(process.state())) {
        throw new SteleException(code, "the process is in state " + target + " already");
      }
      proposal =
          new Proposal(
              id, kind, actor, reason, target, null, null, List.of(), Proposal.Status.PENDING);
    } else {
      Scenario next = ScenarioLoader.fromJson(body.path("scenario"));
      Map<String, String> mapping = mapping(body.path("states"), code);
      List<LintFinding> findings = ScenarioLinter.lintUpdate(process.scenario(), next, mapping);
      if (!findings.isEmpty()) {
        throw new SteleException(code, findings.getFirst().toString());
      }
      proposal =
          new Proposal(
              id,
              kind,
              actor,
              reason,
              null,
              body.path("scenario").deepCopy(),
              mapping,
              List.of(),
              Proposal.Status.PENDING);
    }
    List<Proposal> proposals = new ArrayList<>(process.proposals());
    proposals.add(proposal);
    return settleIfAgreed(process.withProposals(proposals), proposals.size() - 1);
  }

  private static Process answer(Process process, JsonNode body) {
    String actor = actor(process, body);
    String id = text(body, "proposal", "workflow.answer");
    JsonNode accept = body.path("accept");
    if (!accept.isBoolean()) {
      throw new SteleException("workflow.answer", "accept must be true or false");
    }
    List<Proposal> proposals = new ArrayList<>(process.proposals());
    int at = -1;
    for (int i = 0; i < proposals.size(); i++) {
      if (proposals.get(i).id().equals(id)
          && proposals.get(i).status() == Proposal.Status.PENDING) {
        at = i;
      }
    }
    if (at < 0) {
      throw new SteleException("workflow.unknown_proposal", "no pending proposal " + id);
    }
    Proposal proposal = proposals.get(at);
    if (proposal.actor().equals(actor) || proposal.accepted().contains(actor)) {
      throw new SteleException(
          "workflow.already_answered", "actor " + actor + " has answered proposal " + id);
    }
    if (!accept.booleanValue()) {
      proposals.set(at, proposal.settle(Proposal.Status.REFUSED));
      return process.withProposals(proposals);
    }
    proposals.set(at, proposal.accept(actor));
    return settleIfAgreed(process.withProposals(proposals), at);
  }

  /** Applies the proposal at {@code index} once every actor but its author has accepted it. */
  private static Process settleIfAgreed(Process process, int index) {
    Proposal proposal = process.proposals().get(index);
    List<String> others = new ArrayList<>();
    process.rawData().path("actors").fieldNames().forEachRemaining(others::add);
    others.remove(proposal.actor());
    if (!proposal.accepted().containsAll(others)) {
      return process;
    }
    List<Proposal> proposals = new ArrayList<>(process.proposals());
    proposals.set(index, proposal.settle(Proposal.Status.APPLIED));
    Process settled = process.withProposals(proposals);
    if (proposal.kind() == Proposal.Kind.DEVIATION) {
      return settled.moved(settled.scenario(), proposal.state());
    }
    Scenario next = ScenarioLoader.fromJson(proposal.scenario());
    String state = proposal.states().getOrDefault(settled.state(), settled.state());
    return withDefaults(settled.moved(next, state), next);
  }

  /** Actors and assets the new scenario adds start from their defaults, as in a new process. */
  private static Process withDefaults(Process process, Scenario scenario) {
    ObjectNode fresh = ProcessEngine.start(scenario).data();
    ObjectNode data = process.data();
    for (String group : List.of("actors", "assets")) {
      ObjectNode have = (ObjectNode) data.get(group);
      fresh
          .path(group)
          .fields()
          .forEachRemaining(
              e -> {
                if (!have.has(e.getKey())) {
                  have.set(e.getKey(), e.getValue());
                }
              });
    }
    return process.step(process.state(), data, process.responses());
  }

  private static Process startSubprocess(Process process, JsonNode body) {
    String actor = text(body, "actor", "workflow.subprocess");
    Action action =
        ProcessEngine.allowed(process, actor, text(body, "action", "workflow.subprocess"));
    if (action.kind() != ActionKind.SUBPROCESS) {
      throw new SteleException(
          "workflow.subprocess", "action " + action.key() + " does not start a sub-process");
    }
    String scenario = text(body, "scenario", "workflow.subprocess");
    if (!scenario.equals(action.definition().path("scenario").asText())) {
      throw new SteleException(
          "workflow.subprocess",
          "action " + action.key() + " starts scenario " + action.definition().path("scenario"));
    }
    String child = text(body, "process", "workflow.subprocess");
    for (SubProcess s : process.subprocesses()) {
      if (s.process().equals(child) || (s.running() && s.action().equals(action.key()))) {
        throw new SteleException(
            "workflow.subprocess",
            "action " + action.key() + " has sub-process " + s.process() + " already");
      }
    }
    List<SubProcess> children = new ArrayList<>(process.subprocesses());
    children.add(new SubProcess(action.key(), actor, child, scenario, null));
    return process.withSubprocesses(children);
  }

  /** The child's end is the response of the action that started it: ok, failed or cancelled. */
  private static Process endSubprocess(Process process, JsonNode body) {
    String child = text(body, "process", "workflow.subprocess");
    String end = text(body, "state", "workflow.subprocess");
    if (!State.isFinal(end)) {
      throw new SteleException("workflow.subprocess", end + " is not a final state");
    }
    List<SubProcess> children = new ArrayList<>(process.subprocesses());
    int at = -1;
    for (int i = 0; i < children.size(); i++) {
      if (children.get(i).process().equals(child) && children.get(i).running()) {
        at = i;
      }
    }
    if (at < 0) {
      throw new SteleException("workflow.subprocess", "no running sub-process " + child);
    }
    SubProcess started = children.get(at);
    Action action = ProcessEngine.allowed(process, started.actor(), started.action());
    ObjectNode data = Json.NODES.objectNode();
    data.put("process", child);
    data.put("state", end);
    data.set("assets", body.path("assets").deepCopy());
    String key = end.equals(State.SUCCESS) ? "ok" : end.substring(1);
    Process next =
        ProcessEngine.perform(
            process, action, new ResponseInput(started.actor(), action.key(), key, data));
    children.set(at, started.ended(end));
    return next.withSubprocesses(children);
  }

  private static Map<String, String> mapping(JsonNode node, String code) {
    Map<String, String> mapping = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return mapping;
    }
    if (!node.isObject()) {
      throw new SteleException(code, "states must map old state keys to new ones");
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                throw new SteleException(code, "states." + e.getKey() + " must be a state key");
              }
              mapping.put(e.getKey(), e.getValue().textValue());
            });
    return mapping;
  }

  private static String actor(Process process, JsonNode body) {
    String actor = text(body, "actor", "workflow.unknown_actor");
    if (!process.rawData().path("actors").has(actor)) {
      throw new SteleException(
          "workflow.unknown_actor", "actor " + actor + " is not an actor of the process");
    }
    return actor;
  }

  private static String text(JsonNode body, String field, String code) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new SteleException(code, field + " must be a non-empty string");
    }
    if (value.textValue().length() > MAX_TEXT) {
      throw new SteleException(code, field + " is longer than " + MAX_TEXT + " characters");
    }
    return value.textValue();
  }
}

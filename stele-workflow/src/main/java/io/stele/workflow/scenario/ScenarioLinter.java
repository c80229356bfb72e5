package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports dangling references, states no transition reaches, and loops that only system actions
 * drive (they would run without end once triggered).
 */
public final class ScenarioLinter {
  private ScenarioLinter() {}

  public static List<LintFinding> lint(Scenario scenario) {
    List<LintFinding> findings = new ArrayList<>();
    scenario
        .actions()
        .forEach(
            (key, action) -> {
              for (String actor : action.actors()) {
                if (!scenario.actors().containsKey(actor)) {
                  findings.add(
                      new LintFinding(
                          "lint.unknown_actor",
                          "actions." + key,
                          "actor " + actor + " is not declared in actors"));
                }
              }
            });
    scenario.actors().forEach((key, schema) -> remoteSchema("actors." + key, schema, findings));
    scenario.assets().forEach((key, schema) -> remoteSchema("assets." + key, schema, findings));
    for (String allowed : scenario.allowActions()) {
      if (!scenario.actions().containsKey(allowed)) {
        findings.add(
            new LintFinding(
                "lint.unknown_action", "allow_actions", "action " + allowed + " is not declared"));
      }
    }
    scenario.states().forEach((key, state) -> lintState(scenario, key, state, findings));
    unreachable(scenario, findings);
    systemLoops(scenario, findings);
    return findings;
  }

  private static void remoteSchema(String where, JsonNode schema, List<LintFinding> findings) {
    if (!SchemaCheck.isSelfContained(schema)) {
      findings.add(
          new LintFinding(
              "lint.remote_schema",
              where,
              "the schema refers to another document, so its data is not checked"));
    }
  }

  private static void lintState(
      Scenario scenario, String key, State state, List<LintFinding> findings) {
    String where = "states." + key;
    for (String action : state.actions()) {
      if (!scenario.actions().containsKey(action)) {
        findings.add(
            new LintFinding("lint.unknown_action", where, "action " + action + " is not declared"));
      }
    }
    for (int i = 0; i < state.transitions().size(); i++) {
      Transition t = state.transitions().get(i);
      String at = where + ".transitions[" + i + "]";
      if (scenario.state(t.target()) == null) {
        findings.add(
            new LintFinding("lint.unknown_state", at, "target " + t.target() + " is not a state"));
      }
      if (Transition.TIMEOUT.equals(t.action())) {
        continue; // the time-out pseudo-action: checked below
      }
      if (t.action() != null
          && !state.actions().contains(t.action())
          && !scenario.allowActions().contains(t.action())) {
        findings.add(
            new LintFinding(
                "lint.unknown_action", at, "action " + t.action() + " is not available in " + key));
      }
      if (t.response() != null) {
        List<String> candidates = t.action() == null ? state.actions() : List.of(t.action());
        boolean known =
            candidates.stream()
                .map(scenario.actions()::get)
                .anyMatch(a -> a != null && a.responses().containsKey(t.response()));
        if (!known) {
          findings.add(
              new LintFinding(
                  "lint.unknown_response",
                  at,
                  "no action it applies to has a response " + t.response()));
        }
      }
    }
    boolean timeoutTransition =
        state.transitions().stream().anyMatch(t -> Transition.TIMEOUT.equals(t.action()));
    if (state.timeout() != null && !timeoutTransition) {
      findings.add(
          new LintFinding(
              "lint.timeout_without_transition",
              where,
              "the state times out after "
                  + state.timeout()
                  + " but has no transition with action "
                  + Transition.TIMEOUT));
    }
    if (state.timeout() == null && timeoutTransition) {
      findings.add(
          new LintFinding(
              "lint.timeout_never_fires",
              where,
              "a transition has action " + Transition.TIMEOUT + " but the state has no timeout"));
    }
  }

  /**
   * Checks a scenario update: each key of {@code states} must be a state of {@code from} and map to
   * a state of {@code to} ({@code lint.update_unknown_state}); every state of {@code from} that is
   * not final must exist in {@code to} or be mapped ({@code lint.update_unmapped_state}); every
   * actor of {@code from} must be an actor of {@code to} ({@code lint.update_lost_actor}).
   */
  public static List<LintFinding> lintUpdate(
      Scenario from, Scenario to, Map<String, String> states) {
    List<LintFinding> findings = new ArrayList<>();
    states.forEach(
        (old, target) -> {
          if (from.state(old) == null) {
            findings.add(
                new LintFinding(
                    "lint.update_unknown_state",
                    "states." + old,
                    old + " is not a state of the running scenario"));
          }
          if (to.state(target) == null) {
            findings.add(
                new LintFinding(
                    "lint.update_unknown_state",
                    "states." + old,
                    target + " is not a state of the new scenario"));
          }
        });
    List<String> keys = new ArrayList<>(from.states().keySet());
    if (!keys.contains(from.initialState())) {
      keys.addFirst(from.initialState());
    }
    for (String key : keys) {
      if (!State.isFinal(key) && !states.containsKey(key) && to.state(key) == null) {
        findings.add(
            new LintFinding(
                "lint.update_unmapped_state",
                "states." + key,
                "state "
                    + key
                    + " is not in the new scenario and not mapped to one of its states"));
      }
    }
    for (String actor : from.actors().keySet()) {
      if (!to.actors().containsKey(actor)) {
        findings.add(
            new LintFinding(
                "lint.update_lost_actor",
                "actors." + actor,
                "actor " + actor + " has no place in the new scenario"));
      }
    }
    return findings;
  }

  private static void unreachable(Scenario scenario, List<LintFinding> findings) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(scenario.initialState()));
    while (!todo.isEmpty()) {
      String key = todo.pop();
      State state = scenario.states().get(key);
      if (seen.add(key) && state != null) {
        state.transitions().forEach(t -> todo.push(t.target()));
      }
    }
    for (String key : scenario.states().keySet()) {
      if (!seen.contains(key)) {
        findings.add(
            new LintFinding(
                "lint.unreachable_state", "states." + key, "no transition leads to " + key));
      }
    }
  }

  /** Edges a system action can take, then a depth-first search for a cycle among them. */
  private static void systemLoops(Scenario scenario, List<LintFinding> findings) {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    scenario
        .states()
        .forEach(
            (key, state) -> {
              for (Transition t : state.transitions()) {
                List<String> by = t.action() == null ? state.actions() : List.of(t.action());
                boolean system =
                    by.stream()
                        .map(scenario.actions()::get)
                        .anyMatch(a -> a != null && a.kind().isSystem());
                if (system) {
                  edges.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(t.target());
                }
              }
            });
    Map<String, Integer> mark = new HashMap<>();
    Set<Set<String>> reported = new LinkedHashSet<>();
    for (String start : edges.keySet()) {
      findCycle(start, edges, mark, new ArrayList<>(), reported, findings);
    }
  }

  private static void findCycle(
      String node,
      Map<String, Set<String>> edges,
      Map<String, Integer> mark,
      List<String> path,
      Set<Set<String>> reported,
      List<LintFinding> findings) {
    Integer state = mark.get(node);
    if (state != null && state == 2) {
      return;
    }
    if (state != null && state == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      if (reported.add(Set.copyOf(cycle))) {
        cycle.add(node);
        findings.add(
            new LintFinding(
                "lint.system_loop",
                "states." + node,
                "system actions alone loop through " + String.join(" -> ", cycle)));
      }
      return;
    }
    mark.put(node, 1);
    path.add(node);
    for (String next : edges.getOrDefault(node, Set.of())) {
      findCycle(next, edges, mark, path, reported, findings);
    }
    path.removeLast();
    mark.put(node, 2);
  }
}

package io.stele.workflow.diagram;

import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.State;
import io.stele.workflow.scenario.Transition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws a scenario as a state diagram, Mermaid {@code stateDiagram-v2} or Graphviz DOT, with the
 * process's current state highlighted. Every state appears (final states once a transition leads
 * there), and every transition is an edge labelled {@code action.response} ({@code *} where the
 * transition accepts any).
 */
public final class Diagrams {
  /** The style class (Mermaid) and fill colour (DOT) of the current state. */
  public static final String CURRENT = "current";

  private static final String CURRENT_FILL = "#ffd54f";

  private Diagrams() {}

  /** One edge of the diagram. */
  public record Edge(String from, String to, String label) {}

  /** The states drawn, in scenario order, then final states in the order transitions reach them. */
  public static List<String> states(Scenario scenario, String current) {
    Set<String> keys = new LinkedHashSet<>(scenario.states().keySet());
    for (Edge edge : edges(scenario)) {
      keys.add(edge.to());
    }
    if (current != null) {
      keys.add(current);
    }
    return List.copyOf(keys);
  }

  /** Every transition of the scenario, state by state. */
  public static List<Edge> edges(Scenario scenario) {
    List<Edge> edges = new ArrayList<>();
    for (State state : scenario.states().values()) {
      for (Transition t : state.transitions()) {
        edges.add(new Edge(state.key(), t.target(), label(t)));
      }
    }
    return edges;
  }

  /**
   * Mermaid {@code stateDiagram-v2}. State keys may contain characters Mermaid ids cannot (such as
   * {@code :success}), so each state is declared as {@code state "key" as sN}.
   */
  public static String mermaid(Scenario scenario, String current) {
    List<String> states = states(scenario, current);
    StringBuilder out = new StringBuilder("stateDiagram-v2\n");
    out.append("  classDef ").append(CURRENT).append(" fill:").append(CURRENT_FILL).append('\n');
    for (int i = 0; i < states.size(); i++) {
      out.append("  state \"").append(mermaidText(states.get(i))).append("\" as s").append(i);
      out.append('\n');
    }
    out.append("  [*] --> s").append(states.indexOf(scenario.initialState())).append('\n');
    for (Edge edge : edges(scenario)) {
      out.append("  s")
          .append(states.indexOf(edge.from()))
          .append(" --> s")
          .append(states.indexOf(edge.to()))
          .append(" : ")
          .append(mermaidText(edge.label()))
          .append('\n');
    }
    for (int i = 0; i < states.size(); i++) {
      if (State.isFinal(states.get(i))) {
        out.append("  s").append(i).append(" --> [*]\n");
      }
    }
    if (current != null) {
      out.append("  class s").append(states.indexOf(current)).append(' ').append(CURRENT);
      out.append('\n');
    }
    return out.toString();
  }

  /** Graphviz DOT; the current state is filled and bold. */
  public static String dot(Scenario scenario, String current) {
    StringBuilder out = new StringBuilder("digraph scenario {\n  rankdir=LR;\n");
    for (String state : states(scenario, current)) {
      out.append("  ").append(dotText(state)).append(" [shape=");
      out.append(State.isFinal(state) ? "doublecircle" : "box");
      if (state.equals(current)) {
        out.append(", style=\"filled,bold\", fillcolor=\"").append(CURRENT_FILL);
        out.append("\", class=").append(CURRENT);
      }
      out.append("];\n");
    }
    for (Edge edge : edges(scenario)) {
      out.append("  ")
          .append(dotText(edge.from()))
          .append(" -> ")
          .append(dotText(edge.to()))
          .append(" [label=")
          .append(dotText(edge.label()))
          .append("];\n");
    }
    return out.append("}\n").toString();
  }

  private static String label(Transition t) {
    return (t.action() == null ? "*" : t.action())
        + "."
        + (t.response() == null ? "*" : t.response())
        + (t.condition() == null ? "" : " [if]");
  }

  /** Mermaid labels cannot hold double quotes or line breaks. */
  private static String mermaidText(String text) {
    return text.replace("\"", "#quot;").replace("\n", " ");
  }

  private static String dotText(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}

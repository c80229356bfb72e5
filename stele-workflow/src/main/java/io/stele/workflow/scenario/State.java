package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A scenario state.
 *
 * @param actions the keys listed in {@code action}/{@code actions}, in order
 * @param instructions per-actor instructions as written, or null
 * @param timeout how long the process may stay in this state, or null
 */
public record State(
    String key,
    String title,
    List<String> actions,
    List<Transition> transitions,
    JsonNode instructions,
    Timeout timeout) {
  public State {
    actions = List.copyOf(actions);
    transitions = List.copyOf(transitions);
  }

  /** True for the three final states, which always exist and have no actions. */
  public static boolean isFinal(String key) {
    return key.equals(SUCCESS) || key.equals(FAILED) || key.equals(CANCELLED);
  }

  public static final String SUCCESS = ":success";
  public static final String FAILED = ":failed";
  public static final String CANCELLED = ":cancelled";
}

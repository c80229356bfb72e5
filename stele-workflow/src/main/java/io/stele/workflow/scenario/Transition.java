package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A way out of a state. Missing {@code action}, {@code response} or {@code condition} (null) match
 * anything, except that only a transition naming {@link #TIMEOUT} is taken when the state times
 * out.
 */
public record Transition(String action, String response, JsonNode condition, String target) {
  /** The pseudo-action of a state's time-out transition: {@code {"action": ":timeout"}}. */
  public static final String TIMEOUT = ":timeout";
}

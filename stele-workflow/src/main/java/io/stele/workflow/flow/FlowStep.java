package io.stele.workflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.workflow.process.HttpClient;
import java.util.List;

/**
 * One step of a flow file. The first step of a flow only has {@code expect}.
 *
 * @param actor who acts, or null for the first step
 * @param action the action key; null for a trigger of the default action
 * @param response the response key, or null for "ok"
 * @param data the response data, or null
 * @param trigger true if the engine runs the action's automatic trigger
 * @param httpReplies stand-in HTTP replies queued before the step runs
 * @param expect the facts the flow expects afterwards (the runner does not check them)
 */
public record FlowStep(
    String actor,
    String action,
    String response,
    JsonNode data,
    boolean trigger,
    List<HttpClient.Reply> httpReplies,
    JsonNode expect) {
  public FlowStep {
    httpReplies = List.copyOf(httpReplies);
  }

  /** True for the first step, which only describes the new process. */
  public boolean isCreation() {
    return actor == null && !trigger;
  }
}

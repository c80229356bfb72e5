package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an actor sends to a process.
 *
 * @param response the response key, or null for "ok" (or the action's determine_response)
 * @param data the response data, or null for none
 */
public record ResponseInput(String actor, String action, String response, JsonNode data) {}

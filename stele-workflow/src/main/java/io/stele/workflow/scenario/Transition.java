package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A way out of a state. Missing {@code action}, {@code response} or {@code condition} (null) match
 * anything.
 */
public record Transition(String action, String response, JsonNode condition, String target) {}

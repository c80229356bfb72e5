package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Copies a response's data (or {@code data}, or a JMESPath {@code projection} of it) to the process
 * property named by {@code select}, for example {@code assets.order} or {@code current.actor}.
 *
 * @param patch merge objects into what is there (true) or replace it (false)
 * @param data instructions giving the value instead of the response data, or null
 * @param projection a JMESPath expression applied to the value, or null
 */
public record UpdateInstruction(String select, boolean patch, JsonNode data, String projection) {}

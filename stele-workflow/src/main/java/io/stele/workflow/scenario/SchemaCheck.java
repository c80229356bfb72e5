package io.stele.workflow.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.stele.core.error.SteleException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks actor and asset data against the JSON Schemas the scenario gives them (draft 7). Schemas
 * that refer to other documents ({@code $ref} not starting with {@code #}) are not checked: Stele
 * never fetches schemas from the network, and the linter points them out.
 */
public final class SchemaCheck {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

  private SchemaCheck() {}

  /**
   * True if every {@code $ref} in the schema points inside it and its {@code $schema}, if any, is a
   * json-schema.org draft (which the validator knows without fetching anything).
   */
  public static boolean isSelfContained(JsonNode schema) {
    JsonNode meta = schema.path("$schema");
    if (!meta.isMissingNode()
        && !(meta.isTextual() && meta.textValue().matches("https?://json-schema\\.org/.*"))) {
      return false;
    }
    return refsAreLocal(schema);
  }

  private static boolean refsAreLocal(JsonNode schema) {
    if (schema.isObject()) {
      JsonNode ref = schema.get("$ref");
      if (ref != null && !(ref.isTextual() && ref.textValue().startsWith("#"))) {
        return false;
      }
    }
    for (JsonNode child : schema) {
      if (!refsAreLocal(child)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses with {@code workflow.schema} if the entries of {@code after} that differ from {@code
   * before} break their schema.
   *
   * @param kind {@code actors} or {@code assets}, for messages
   */
  public static void changed(
      String kind, Map<String, JsonNode> schemas, JsonNode before, JsonNode after) {
    after
        .fields()
        .forEachRemaining(
            entry -> {
              JsonNode schema = schemas.get(entry.getKey());
              if (schema == null
                  || entry.getValue().equals(before.get(entry.getKey()))
                  || !isSelfContained(schema)) {
                return;
              }
              JsonSchema compiled = FACTORY.getSchema(schema);
              Set<ValidationMessage> errors = compiled.validate(entry.getValue());
              if (!errors.isEmpty()) {
                String list =
                    errors.stream()
                        .map(ValidationMessage::getMessage)
                        .collect(Collectors.toCollection(TreeSet::new))
                        .stream()
                        .collect(Collectors.joining("; "));
                throw new SteleException(
                    "workflow.schema",
                    kind + "." + entry.getKey() + " would not match its schema: " + list);
              }
            });
  }
}

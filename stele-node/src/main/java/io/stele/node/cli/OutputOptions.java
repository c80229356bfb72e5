package io.stele.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json} for scripts; otherwise one {@code name: value} line per field, for people. */
final class OutputOptions {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--json", description = "Print JSON, for scripts.")
  boolean json;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  ObjectNode object() {
    return JSON.createObjectNode();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  void print(JsonNode value) {
    PrintWriter out = out();
    if (json || !value.isObject()) {
      out.println(toJson(value));
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode v = field.getValue();
        out.println(field.getKey() + ": " + (v.isValueNode() ? v.asText() : v.toString()));
      }
    }
    out.flush();
  }

  static String toJson(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}

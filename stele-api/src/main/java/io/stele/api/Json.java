package io.stele.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.io.InputStream;

/** The one JSON mapper of the API: tree model only, no data binding by reflection. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ObjectNode error(String code, String message) {
    return object().put("code", code).put("message", message);
  }

  /** Parses a request body; anything that is not JSON is {@code api.malformed}. */
  public static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new SteleException("api.malformed", "the request body is empty; JSON expected");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SteleException(
          "api.malformed", "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SteleException("api.malformed", "the request body could not be read");
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static ObjectNode readResource(String resource) {
    try (InputStream in = Json.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable resource " + resource, e);
    }
  }
}

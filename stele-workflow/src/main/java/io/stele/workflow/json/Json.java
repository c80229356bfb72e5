package io.stele.workflow.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place where workflow JSON and YAML enter: bounded size and nesting, decimals kept exact
 * (never {@code double}), duplicate keys refused.
 */
public final class Json {
  /** Deeper documents are refused: no scenario or event body needs more. */
  public static final int MAX_DEPTH = 64;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(4 * 1024 * 1024)
          .maxNumberLength(64)
          .build();

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper JSON =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .nodeFactory(NODES)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private static final ObjectMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().streamReadConstraints(LIMITS).build())
          .nodeFactory(NODES)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Json() {}

  /** Parses JSON text of at most {@code maxBytes}; {@code what} names the input in errors. */
  public static JsonNode parse(byte[] bytes, int maxBytes, String what) {
    return read(JSON, bytes, maxBytes, what);
  }

  public static JsonNode parse(String text, String what) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return read(JSON, bytes, bytes.length, what);
  }

  /** Parses YAML (a superset of JSON) of at most {@code maxBytes}. */
  public static JsonNode parseYaml(byte[] bytes, int maxBytes, String what) {
    return read(YAML, bytes, maxBytes, what);
  }

  /** Reads a file of at most {@code maxBytes} without loading more than that into memory. */
  public static byte[] readFile(Path file, int maxBytes) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new SteleException(
            "workflow.too_large", file + " is larger than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new SteleException("workflow.io", "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compact JSON text; object keys keep their insertion order, so equal inputs give equal bytes.
   */
  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static JsonNode read(ObjectMapper mapper, byte[] bytes, int maxBytes, String what) {
    if (bytes.length > maxBytes) {
      throw new SteleException(
          "workflow.too_large", what + " is larger than the limit of " + maxBytes + " bytes");
    }
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new SteleException("workflow.bad_json", what + " is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SteleException(
          "workflow.bad_json", what + " is not valid: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SteleException("workflow.bad_json", what + " cannot be read: " + e, e);
    }
  }
}

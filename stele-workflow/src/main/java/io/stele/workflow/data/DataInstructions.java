package io.stele.workflow.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.parser.ParseException;
import io.stele.core.crypto.HashFunction;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the data instructions of LTO scenarios: an object with one key of the form {@code
 * <name>} is replaced by the instruction's result, evaluated against a context (the process data).
 * Arguments are evaluated first, so instructions nest. Evaluation is pure: no clock, no network.
 */
public final class DataInstructions {
  /** Every instruction this engine knows. */
  public static final Set<String> NAMES =
      Set.of(
          "<ref>",
          "<ifset>",
          "<switch>",
          "<merge>",
          "<tpl>",
          "<apply>",
          "<eval>",
          "<jmespath>",
          "<dateformat>",
          "<math>",
          "<sum>",
          "<if>",
          "<join>",
          "<hash>");

  private static final JacksonRuntime JMESPATH = new JacksonRuntime();
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*([^}\\s]+)\\s*}}");
  private static final int MAX_DEPTH = Json.MAX_DEPTH;

  private DataInstructions() {}

  /** Evaluates {@code node} (which may hold instructions at any depth) against {@code context}. */
  public static JsonNode evaluate(JsonNode node, JsonNode context) {
    return eval(node, context, 0);
  }

  /** A JMESPath expression applied to {@code input}, as {@code <apply>} does. */
  public static JsonNode apply(String expression, JsonNode input) {
    return jmespath(expression, input);
  }

  /** The instruction key of {@code node}, or null if it is plain data. */
  public static String instructionOf(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    String found = null;
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.length() > 2 && name.startsWith("<") && name.endsWith(">")) {
        if (found != null) {
          throw new SteleException(
              "workflow.instruction",
              "an object holds two instructions: " + found + " and " + name);
        }
        found = name;
      }
    }
    return found;
  }

  /**
   * Checks that every instruction in {@code node} is known, without evaluating anything.
   *
   * @param where a path used in the error message
   */
  public static void check(JsonNode node, String where) {
    if (node.isObject()) {
      String name = instructionOf(node);
      if (name != null && !NAMES.contains(name)) {
        throw new SteleException(
            "workflow.instruction", where + " uses unknown instruction " + name);
      }
      if (name != null
          && Set.of("<eval>", "<apply>", "<jmespath>").contains(name)
          && node.get(name).isTextual()) {
        compile(node.get(name).textValue(), where);
      }
      node.fields().forEachRemaining(e -> check(e.getValue(), where + "." + e.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), where + "[" + i + "]");
      }
    }
  }

  /**
   * PHP-like truthiness, as LTO conditions use it: null, false, 0, "", "0", [] and {} are false.
   */
  public static boolean isTruthy(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.decimalValue().signum() != 0;
    }
    if (value.isTextual()) {
      return !value.textValue().isEmpty() && !value.textValue().equals("0");
    }
    return !value.isEmpty();
  }

  /** The value at a dotted path such as {@code assets.order.amount}; null if absent. */
  public static JsonNode resolve(JsonNode context, String path) {
    JsonNode at = context;
    for (String part : path.split("\\.", -1)) {
      if (at == null || at.isNull()) {
        return NullNode.getInstance();
      }
      if (at.isArray() && part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
        at = at.get(Integer.parseInt(part));
      } else {
        at = at.get(part);
      }
    }
    return at == null ? NullNode.getInstance() : at;
  }

  private static JsonNode eval(JsonNode node, JsonNode context, int depth) {
    if (depth > MAX_DEPTH) {
      throw new SteleException("workflow.instruction", "instructions nest too deeply");
    }
    if (node.isArray()) {
      ArrayNode out = Json.NODES.arrayNode(node.size());
      node.forEach(item -> out.add(eval(item, context, depth + 1)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    String name = instructionOf(node);
    if (name == null) {
      ObjectNode out = Json.NODES.objectNode();
      node.fields()
          .forEachRemaining(e -> out.set(e.getKey(), eval(e.getValue(), context, depth + 1)));
      return out;
    }
    if (name.equals("<ifset>")) {
      JsonNode ref = eval(node.get(name), context, depth + 1);
      if (!ref.isTextual() || !isSet(resolve(context, ref.textValue()))) {
        return NullNode.getInstance();
      }
      ObjectNode rest = ((ObjectNode) node).deepCopy();
      rest.remove(name);
      return eval(rest, context, depth + 1);
    }
    if (name.equals("<switch>")) {
      JsonNode on = eval(node.get(name), context, depth + 1);
      String key = on.isValueNode() ? on.asText() : Json.write(on);
      JsonNode chosen = node.has(key) && !key.equals(name) ? node.get(key) : node.get("_other");
      return chosen == null ? NullNode.getInstance() : eval(chosen, context, depth + 1);
    }
    if (name.equals("<if>")) {
      JsonNode branch =
          isTruthy(eval(node.get(name), context, depth + 1)) ? node.get("then") : node.get("else");
      return branch == null ? NullNode.getInstance() : eval(branch, context, depth + 1);
    }
    JsonNode arg = eval(node.get(name), context, depth + 1);
    return switch (name) {
      case "<ref>" -> resolve(context, text(arg, name)).deepCopy();
      case "<merge>" -> merge(arg);
      case "<tpl>" -> Json.NODES.textNode(template(text(arg, name), context));
      case "<eval>" -> jmespath(text(arg, name), context);
      case "<apply>", "<jmespath>" -> {
        JsonNode input = node.has("input") ? eval(node.get("input"), context, depth + 1) : context;
        yield jmespath(text(arg, name), input);
      }
      case "<dateformat>" -> DateFormat.format(arg, optionalText(node, "format", context, depth));
      case "<math>" -> numberNode(math(arg));
      case "<sum>" -> numberNode(sum(arg));
      case "<join>" -> Json.NODES.textNode(join(arg, optionalText(node, "glue", context, depth)));
      case "<hash>" -> Json.NODES.textNode(hash(arg, optionalText(node, "algo", context, depth)));
      default -> throw new SteleException("workflow.instruction", "unknown instruction " + name);
    };
  }

  private static boolean isSet(JsonNode value) {
    return value != null && !value.isNull() && !value.isMissingNode();
  }

  private static String text(JsonNode arg, String name) {
    if (!arg.isTextual()) {
      throw new SteleException("workflow.instruction", name + " needs a string, not " + arg);
    }
    return arg.textValue();
  }

  private static String optionalText(JsonNode node, String field, JsonNode context, int depth) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    JsonNode evaluated = eval(value, context, depth + 1);
    return evaluated.isNull() ? null : evaluated.asText();
  }

  private static JsonNode merge(JsonNode arg) {
    if (!arg.isArray()) {
      throw new SteleException("workflow.instruction", "<merge> needs an array");
    }
    JsonNode result = NullNode.getInstance();
    for (JsonNode item : arg) {
      if (item.isNull()) {
        continue;
      }
      if (result.isNull()) {
        result = item.deepCopy();
      } else if (result.isObject() && item.isObject()) {
        ((ObjectNode) result).setAll((ObjectNode) item.deepCopy());
      } else if (result.isArray() && item.isArray()) {
        ((ArrayNode) result).addAll((ArrayNode) item.deepCopy());
      } else {
        throw new SteleException(
            "workflow.instruction",
            "<merge> can only merge objects with objects and arrays with arrays");
      }
    }
    return result;
  }

  private static String template(String text, JsonNode context) {
    Matcher m = TEMPLATE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = resolve(context, m.group(1));
      String replacement =
          value.isNull() ? "" : value.isValueNode() ? value.asText() : Json.write(value);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Expression<JsonNode> compile(String expression, String where) {
    try {
      return JMESPATH.compile(expression);
    } catch (ParseException e) {
      throw new SteleException(
          "workflow.jmespath",
          where + ": bad JMESPath expression '" + expression + "': " + e.getMessage());
    }
  }

  private static JsonNode jmespath(String expression, JsonNode input) {
    JsonNode result = compile(expression, "JMESPath").search(input);
    return result == null ? NullNode.getInstance() : result;
  }

  private static BigDecimal number(JsonNode value, String name) {
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.textValue());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new SteleException("workflow.instruction", name + " needs numbers, not " + value);
  }

  /** Whole results become integers as a JSON parser would read them; others keep their scale. */
  private static JsonNode numberNode(BigDecimal value) {
    if (value.scale() <= 0) {
      try {
        long whole = value.longValueExact();
        return whole == (int) whole
            ? Json.NODES.numberNode((int) whole)
            : Json.NODES.numberNode(whole);
      } catch (ArithmeticException e) {
        return Json.NODES.numberNode(value.toBigIntegerExact());
      }
    }
    return Json.NODES.numberNode(value);
  }

  private static BigDecimal math(JsonNode arg) {
    if (!arg.isArray() || arg.size() < 3 || arg.size() % 2 == 0) {
      throw new SteleException(
          "workflow.instruction", "<math> needs [number, operator, number, ...], not " + arg);
    }
    BigDecimal result = number(arg.get(0), "<math>");
    for (int i = 1; i < arg.size(); i += 2) {
      BigDecimal right = number(arg.get(i + 1), "<math>");
      String op = arg.get(i).asText();
      result =
          switch (op) {
            case "+" -> result.add(right);
            case "-" -> result.subtract(right);
            case "*" -> result.multiply(right);
            case "/", "%" -> {
              if (right.signum() == 0) {
                throw new SteleException("workflow.instruction", "<math> divides by zero");
              }
              yield op.equals("/")
                  ? result.divide(right, MathContext.DECIMAL128).stripTrailingZeros()
                  : result.remainder(right);
            }
            default ->
                throw new SteleException(
                    "workflow.instruction", "<math> has no operator '" + op + "'");
          };
    }
    return result;
  }

  private static BigDecimal sum(JsonNode arg) {
    if (!arg.isArray()) {
      throw new SteleException("workflow.instruction", "<sum> needs an array");
    }
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode item : arg) {
      if (!item.isNull()) {
        total = total.add(number(item, "<sum>"));
      }
    }
    return total;
  }

  private static String join(JsonNode arg, String glue) {
    if (!arg.isArray()) {
      throw new SteleException("workflow.instruction", "<join> needs an array");
    }
    List<String> parts = new ArrayList<>();
    arg.forEach(item -> parts.add(item.isValueNode() ? item.asText() : Json.write(item)));
    return String.join(glue == null ? "" : glue, parts);
  }

  private static String hash(JsonNode arg, String algo) {
    HashFunction function =
        switch (algo == null ? "sha256" : algo) {
          case "sha256" -> HashFunction.SHA256;
          case "sha3-256" -> HashFunction.SHA3_256;
          case "blake2b-256" -> HashFunction.BLAKE2B_256;
          default ->
              throw new SteleException(
                  "workflow.instruction", "<hash> has no algorithm '" + algo + "'");
        };
    String input = arg.isTextual() ? arg.textValue() : Json.write(arg);
    return HexFormat.of().formatHex(function.hash(input.getBytes(StandardCharsets.UTF_8)));
  }
}

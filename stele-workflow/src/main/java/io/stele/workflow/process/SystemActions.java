package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.data.DataInstructions;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Action;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the automatic trigger of a system action and returns the response it produced, which the
 * caller then applies with {@link ProcessEngine#respond} and records. Only here does the engine
 * touch the outside world, and only through {@link HttpClient}.
 */
public final class SystemActions {
  /** Largest http reply body turned into response data. */
  public static final int MAX_REPLY_CHARS = 1 << 20;

  private final HttpClient http;

  public SystemActions(HttpClient http) {
    this.http = http;
  }

  /**
   * Triggers the current state's default action on behalf of {@code actor}. Empty when there is no
   * default action, the actor may not perform it, it is not a system action, or it produced no
   * response (an http 202).
   */
  public Optional<ResponseInput> trigger(Process process, String actor) {
    Optional<String> key = ProcessEngine.defaultAction(process);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Action action = process.scenario().actions().get(key.get());
    if (!ProcessEngine.allowedActors(process, action).contains(actor)
        || !action.kind().isSystem()) {
      return Optional.empty();
    }
    JsonNode context =
        ProcessEngine.context(
            process.scenario(), process.rawData(), process.responses(), actor, null);
    String automatic =
        action.triggerResponse() != null ? action.triggerResponse() : action.defaultResponse();
    return switch (action.kind()) {
      case NOP -> Optional.of(input(actor, action, automatic, evaluated(action, "data", context)));
      case EVENT ->
          Optional.of(input(actor, action, automatic, evaluated(action, "body", context)));
      case HTTP -> http(actor, action, context);
      case USER, SUBPROCESS -> Optional.empty();
    };
  }

  private Optional<ResponseInput> http(String actor, Action action, JsonNode context) {
    JsonNode url = evaluated(action, "url", context);
    if (!url.isTextual()) {
      throw new SteleException(
          "workflow.http", "url of action " + action.key() + " is " + url + ", not a string");
    }
    JsonNode method = evaluated(action, "method", context);
    JsonNode body = evaluated(action, "body", context);
    Map<String, String> headers = new LinkedHashMap<>();
    evaluated(action, "headers", context)
        .fields()
        .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    if (!body.isNull() && !body.isTextual()) {
      headers.putIfAbsent("Content-Type", "application/json");
    }
    HttpClient.Request request =
        new HttpClient.Request(
            method.isTextual() ? method.textValue() : "GET",
            url.textValue(),
            headers,
            body.isNull() ? null : body.isTextual() ? body.textValue() : Json.write(body));
    HttpClient.Reply reply;
    try {
      reply = http.send(request);
    } catch (IOException e) {
      return Optional.of(input(actor, action, "error", Json.NODES.textNode("Unexpected error")));
    }
    int status = reply.status();
    if (status >= 500) {
      return Optional.of(input(actor, action, "error", Json.NODES.textNode("Unexpected error")));
    }
    if (status == 202) {
      return Optional.empty();
    }
    String key =
        action.responses().containsKey(String.valueOf(status))
            ? String.valueOf(status)
            : status < 400 ? "ok" : "error";
    return Optional.of(input(actor, action, key, replyData(reply)));
  }

  private static JsonNode replyData(HttpClient.Reply reply) {
    String body = reply.body() == null ? "" : reply.body();
    if (body.length() > MAX_REPLY_CHARS) {
      body = body.substring(0, MAX_REPLY_CHARS);
    }
    String type = reply.header("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).contains("json")) {
      try {
        return Json.parse(body, "http reply");
      } catch (SteleException e) {
        return Json.NODES.textNode(body); // a reply that claims JSON but is not stays text
      }
    }
    return Json.NODES.textNode(body);
  }

  private static JsonNode evaluated(Action action, String field, JsonNode context) {
    JsonNode value = action.definition().get(field);
    return value == null ? NullNode.getInstance() : DataInstructions.evaluate(value, context);
  }

  private static ResponseInput input(String actor, Action action, String key, JsonNode data) {
    return new ResponseInput(actor, action.key(), key, data);
  }
}

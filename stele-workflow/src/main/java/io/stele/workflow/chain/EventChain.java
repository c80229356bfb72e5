package io.stele.workflow.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An event chain as exchanged between nodes: its id (kept as text, so a malformed id can still be
 * reported by the verifier), its events in order, and the identities and resources it carries.
 */
public record EventChain(String id, List<Event> events, JsonNode identities, JsonNode resources) {
  public static final int MAX_FILE_BYTES = 64 << 20;
  public static final int MAX_EVENTS = 100_000;

  public EventChain {
    events = AppendOnlyList.of(events);
    identities = identities == null ? Json.NODES.arrayNode() : identities;
    resources = resources == null ? Json.NODES.arrayNode() : resources;
  }

  /** A chain with no events yet. */
  public static EventChain empty(ChainId id) {
    return new EventChain(id.toBase58(), List.of(), null, null);
  }

  /** The hash the next event must name as {@code previous}. */
  public String latestHash() {
    return events.isEmpty() ? ChainId.fromBase58(id).initialHash() : events.getLast().hash();
  }

  /** This chain with one more event at the end (linkage is the caller's to get right). */
  public EventChain with(Event event) {
    return new EventChain(id, AppendOnlyList.of(events).plus(event), identities, resources);
  }

  public static EventChain read(Path file) {
    return fromJson(
        Json.parse(Json.readFile(file, MAX_FILE_BYTES), MAX_FILE_BYTES, file.toString()));
  }

  /** Parses the fixtures' shape: {@code {id, events:[...], identities, resources}}. */
  public static EventChain fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw format("chain", "must be an object");
    }
    String id = text(json, "id", "chain");
    JsonNode eventsNode = json.get("events");
    if (eventsNode == null || !eventsNode.isArray()) {
      throw format("chain.events", "must be an array");
    }
    if (eventsNode.size() > MAX_EVENTS) {
      throw format("chain.events", "has more than " + MAX_EVENTS + " events");
    }
    List<Event> events = new ArrayList<>(eventsNode.size());
    for (int i = 0; i < eventsNode.size(); i++) {
      events.add(eventFromJson(eventsNode.get(i), "events[" + i + "]"));
    }
    return new EventChain(id, events, json.get("identities"), json.get("resources"));
  }

  /** Parses one event in the fixtures' shape; {@code where} names it in errors. */
  public static Event eventFromJson(JsonNode node, String where) {
    if (!node.isObject()) {
      throw format(where, "must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!List.of(
              "origin",
              "body",
              "timestamp",
              "previous",
              "signkey",
              "signature",
              "hash",
              "receipt",
              "original")
          .contains(key)) {
        throw format(where + "." + key, "is not a field of an event");
      }
    }
    JsonNode originalNode = node.get("original");
    Event.Original original = null;
    if (originalNode != null && !originalNode.isNull()) {
      String o = where + ".original";
      if (!originalNode.isObject()) {
        throw format(o, "must be an object or null");
      }
      original =
          new Event.Original(
              timestamp(originalNode, o),
              text(originalNode, "previous", o),
              text(originalNode, "signkey", o),
              text(originalNode, "signature", o),
              text(originalNode, "hash", o));
    }
    JsonNode origin = node.get("origin");
    return new Event(
        origin == null || origin.isNull() ? null : text(node, "origin", where),
        text(node, "body", where),
        timestamp(node, where),
        text(node, "previous", where),
        text(node, "signkey", where),
        text(node, "signature", where),
        text(node, "hash", where),
        node.get("receipt"),
        original);
  }

  /** The chain in the fixtures' JSON shape. */
  public ObjectNode toJson() {
    ObjectNode node = Json.NODES.objectNode();
    node.put("id", id);
    ArrayNode list = node.putArray("events");
    events.forEach(e -> list.add(e.toJson()));
    node.set("identities", identities);
    node.set("resources", resources);
    return node;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw format(where + "." + field, "must be a string");
    }
    if (value.textValue().length() > 2 * Event.MAX_BODY_BYTES) {
      throw format(where + "." + field, "is too long");
    }
    return value.textValue();
  }

  private static long timestamp(JsonNode node, String where) {
    JsonNode value = node.get("timestamp");
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw format(where + ".timestamp", "must be an integer");
    }
    return value.longValue();
  }

  private static SteleException format(String where, String problem) {
    return new SteleException("workflow.chain_format", where + " " + problem);
  }
}

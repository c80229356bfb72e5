package io.stele.workflow.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Part of a chain sent to another party's node: the events from index {@code from} on (the receiver
 * already holds the ones before), the chain's identities and resources, and whether this page ends
 * the sender's copy. A page in JSON is the chain file's shape plus {@code from} and {@code last}; a
 * plain chain is the page from 0 that is last.
 */
public record ChainPage(
    String id,
    int from,
    List<Event> events,
    JsonNode identities,
    JsonNode resources,
    boolean last) {
  public ChainPage {
    if (from < 0) {
      throw new SteleException("workflow.chain_format", "page.from must not be negative");
    }
    if (from > 0 && events.isEmpty()) {
      throw new SteleException("workflow.chain_format", "a page from " + from + " has no events");
    }
    events = List.copyOf(events);
  }

  /** The whole chain as one page. */
  public static ChainPage whole(EventChain chain) {
    return new ChainPage(
        chain.id(), 0, chain.events(), chain.identities(), chain.resources(), true);
  }

  /**
   * The page of {@code chain} from event {@code from}: as many events as fit in {@code maxBytes} of
   * event JSON, at least one.
   */
  public static ChainPage of(EventChain chain, int from, int maxBytes) {
    List<Event> all = chain.events();
    List<Event> page = new ArrayList<>();
    long size = 0;
    for (int i = from; i < all.size(); i++) {
      int bytes = Json.write(all.get(i).toJson()).getBytes(StandardCharsets.UTF_8).length + 1;
      if (!page.isEmpty() && size + bytes > maxBytes) {
        break;
      }
      page.add(all.get(i));
      size += bytes;
    }
    return new ChainPage(
        chain.id(),
        from,
        page,
        chain.identities(),
        chain.resources(),
        from + page.size() == all.size());
  }

  /** Parses a page, or a plain chain (the page from 0 that is last). */
  public static ChainPage fromJson(JsonNode json) {
    EventChain chain = EventChain.fromJson(json);
    JsonNode from = json.get("from");
    JsonNode last = json.get("last");
    if (from != null && !(from.isInt() && from.intValue() >= 0)) {
      throw new SteleException("workflow.chain_format", "page.from must be an integer >= 0");
    }
    if (last != null && !last.isBoolean()) {
      throw new SteleException("workflow.chain_format", "page.last must be a boolean");
    }
    return new ChainPage(
        chain.id(),
        from == null ? 0 : from.intValue(),
        chain.events(),
        chain.identities(),
        chain.resources(),
        last == null || last.booleanValue());
  }

  public ObjectNode toJson() {
    ObjectNode node = new EventChain(id, events, identities, resources).toJson().put("from", from);
    return node.put("last", last);
  }
}

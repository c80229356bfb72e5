package io.stele.workflow.process;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Action;
import java.util.List;

/** What clients are shown of a process: the keys of the flow runner's lines. */
public final class ProcessView {
  private ProcessView() {}

  /**
   * {@code state}, {@code previousResponses}, {@code previousResponse}, {@code defaultAction},
   * {@code nextStates}, {@code actors}, {@code assets}.
   */
  public static ObjectNode of(Process process) {
    ObjectNode view = Json.NODES.objectNode();
    view.put("state", process.state());
    ArrayNode previous = view.putArray("previousResponses");
    process.responses().forEach(r -> previous.add(r.label()));
    Response last = process.responses().isEmpty() ? null : process.responses().getLast();
    view.set("previousResponse", last == null ? null : last.json().deepCopy());
    view.put("defaultAction", ProcessEngine.defaultAction(process).orElse(null));
    ArrayNode next = view.putArray("nextStates");
    ProcessEngine.nextStates(process).forEach(next::add);
    view.set("actors", process.actors());
    view.set("assets", process.assets());
    return view;
  }

  /** The actions {@code actor} may perform now, in the order {@link ProcessEngine} offers them. */
  public static List<String> actionsFor(Process process, String actor) {
    return ProcessEngine.availableActions(process).stream()
        .filter(
            key -> {
              Action action = process.scenario().actions().get(key);
              return ProcessEngine.allowedActors(process, action).contains(actor);
            })
        .toList();
  }
}

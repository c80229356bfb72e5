package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.workflow.chain.AppendOnlyList;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Scenario;
import java.util.List;
import java.util.Optional;

/**
 * A running instance of a scenario: an immutable value. {@link ProcessEngine} computes the next
 * value from this one and an input; nothing else changes a process.
 *
 * @param state key of the current state
 * @param data the process data: {@code actors}, {@code assets} and anything updates selected
 * @param responses every accepted response, oldest first
 * @param comments every comment, oldest first
 * @param proposals every deviation or scenario update proposed, oldest first, as they stand now
 * @param subprocesses every child process started, oldest first, as they stand now
 */
public record Process(
    Scenario scenario,
    String state,
    ObjectNode data,
    List<Response> responses,
    List<Comment> comments,
    List<Proposal> proposals,
    List<SubProcess> subprocesses) {
  public Process {
    data = data.deepCopy();
    responses = AppendOnlyList.of(responses);
    comments = AppendOnlyList.of(comments);
    proposals = List.copyOf(proposals);
    subprocesses = List.copyOf(subprocesses);
  }

  /** A process that has done nothing yet. */
  Process(Scenario scenario, String state, ObjectNode data) {
    this(scenario, state, data, List.of(), List.of(), List.of(), List.of());
  }

  /** A copy of the process data; changing it does not change the process. */
  @Override
  public ObjectNode data() {
    return data.deepCopy();
  }

  public ObjectNode actors() {
    return (ObjectNode) data.get("actors").deepCopy();
  }

  public ObjectNode assets() {
    return (ObjectNode) data.get("assets").deepCopy();
  }

  /** The actor who did the last step, or null before the first step (or after a time-out). */
  public String lastActor() {
    return responses.isEmpty() ? null : responses.getLast().actor();
  }

  /** The pending proposal, if one waits for answers. */
  public Optional<Proposal> pendingProposal() {
    return proposals.stream().filter(p -> p.status() == Proposal.Status.PENDING).findFirst();
  }

  /** This process after a step: the other facts are kept. */
  Process step(String nextState, ObjectNode nextData, List<Response> nextResponses) {
    return new Process(
        scenario, nextState, nextData, nextResponses, comments, proposals, subprocesses);
  }

  Process withComment(Comment comment) {
    return new Process(
        scenario,
        state,
        data,
        responses,
        AppendOnlyList.of(comments).plus(comment),
        proposals,
        subprocesses);
  }

  Process withProposals(List<Proposal> next) {
    return new Process(scenario, state, data, responses, comments, next, subprocesses);
  }

  Process withSubprocesses(List<SubProcess> next) {
    return new Process(scenario, state, data, responses, comments, proposals, next);
  }

  Process moved(Scenario nextScenario, String nextState) {
    return new Process(nextScenario, nextState, data, responses, comments, proposals, subprocesses);
  }

  /** The whole process as JSON; equal processes give equal bytes. */
  public ObjectNode toJson() {
    ObjectNode node = Json.NODES.objectNode();
    node.put("state", state);
    node.set("data", data.deepCopy());
    ArrayNode list = node.putArray("responses");
    responses.forEach(r -> list.add(r.json().deepCopy()));
    // Written only when present, so processes that use none of them keep their earlier form.
    if (!comments.isEmpty()) {
      ArrayNode c = node.putArray("comments");
      comments.forEach(comment -> c.add(comment.toJson()));
    }
    if (!proposals.isEmpty()) {
      ArrayNode p = node.putArray("proposals");
      proposals.forEach(proposal -> p.add(proposal.toJson()));
    }
    if (!subprocesses.isEmpty()) {
      ArrayNode s = node.putArray("subprocesses");
      subprocesses.forEach(child -> s.add(child.toJson()));
    }
    return node;
  }

  JsonNode rawData() {
    return data;
  }
}

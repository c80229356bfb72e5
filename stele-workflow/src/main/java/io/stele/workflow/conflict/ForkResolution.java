package io.stele.workflow.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.workflow.anchor.Anchors;
import io.stele.workflow.chain.ChainComparison;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Merges two copies of one event chain. When they forked, one branch wins and the other's events
 * are rebased on top of it (re-signed by this node, {@code original} kept), so no executed action
 * is lost. The winner is decided on the first events that differ: first by the scenario's action
 * priority, then its actor priority (Stele's extension, scenario key {@code priority}), then, as
 * LTO does, by which was anchored earlier. A fork that cannot be decided yet is refused with {@code
 * workflow.fork_unresolved}, never guessed.
 */
public final class ForkResolution {
  /** Why the winning branch won. */
  public enum Reason {
    NO_FORK,
    ACTION_PRIORITY,
    ACTOR_PRIORITY,
    ANCHORING
  }

  /**
   * The merged chain.
   *
   * @param winner {@code left} or {@code right}: the side whose events kept their place
   * @param rebased the losing side's events as they now appear at the end of {@code chain}
   */
  public record Merge(EventChain chain, String winner, Reason reason, List<Event> rebased) {
    public Merge {
      rebased = List.copyOf(rebased);
    }
  }

  private final Anchors anchors;
  private final KeyPair node;
  private final Clock clock;

  /** {@code node} signs rebased events; {@code clock} gives their timestamps. */
  public ForkResolution(Anchors anchors, KeyPair node, Clock clock) {
    this.anchors = anchors;
    this.node = node;
    this.clock = clock;
  }

  /** Merges two copies of one chain; copies with different ids are refused. */
  public Merge merge(EventChain left, EventChain right) {
    return switch (ChainComparison.compare(left, right)) {
      case ChainComparison.Same same -> new Merge(left, "left", Reason.NO_FORK, List.of());
      case ChainComparison.Behind behind ->
          behind.shorterSide().equals("left")
              ? new Merge(right, "right", Reason.NO_FORK, List.of())
              : new Merge(left, "left", Reason.NO_FORK, List.of());
      case ChainComparison.Forked fork -> resolve(left, right, fork.commonLength());
    };
  }

  private Merge resolve(EventChain left, EventChain right, int common) {
    Event a = left.events().get(common);
    Event b = right.events().get(common);
    Priority priority = Priority.of(left.events().getFirst());
    int byAction = Integer.compare(priority.actionRank(a), priority.actionRank(b));
    int byActor = Integer.compare(priority.actorRank(a), priority.actorRank(b));
    Reason reason;
    boolean leftWins;
    if (byAction != 0) {
      reason = Reason.ACTION_PRIORITY;
      leftWins = byAction < 0;
    } else if (byActor != 0) {
      reason = Reason.ACTOR_PRIORITY;
      leftWins = byActor < 0;
    } else {
      reason = Reason.ANCHORING;
      int byAnchor = anchor(a).compareAnchoring(anchor(b));
      if (byAnchor == 0) {
        throw new SteleException(
            "workflow.fork_unresolved",
            "events " + a.hash() + " and " + b.hash() + " claim the same anchor position");
      }
      leftWins = byAnchor < 0;
    }
    EventChain winner = leftWins ? left : right;
    EventChain loser = leftWins ? right : left;
    EventChain merged = winner;
    List<Event> rebased = new ArrayList<>();
    long now = Math.floorDiv(clock.millis(), 1000L);
    for (Event event : loser.events().subList(common, loser.events().size())) {
      Event moved = event.rebase(merged.latestHash(), now, node);
      rebased.add(moved);
      merged = merged.with(moved);
    }
    return new Merge(merged, leftWins ? "left" : "right", reason, rebased);
  }

  private AnchorProof anchor(Event event) {
    return anchors
        .of(event.hash())
        .orElseThrow(
            () ->
                new SteleException(
                    "workflow.fork_unresolved",
                    "event "
                        + event.hash()
                        + " is not anchored yet; the fork is decided once both first"
                        + " differing events are"));
  }

  /** The scenario's {@code priority: {actions: [...], actors: [...]}}, highest first. */
  private record Priority(List<String> actions, List<String> actors) {
    static Priority of(Event scenarioEvent) {
      JsonNode priority;
      try {
        priority = scenarioEvent.bodyJson().path("priority");
      } catch (SteleException e) {
        return new Priority(List.of(), List.of()); // event 0 is not a scenario: no priorities
      }
      return new Priority(texts(priority.path("actions")), texts(priority.path("actors")));
    }

    int actionRank(Event event) {
      return rank(actions, field(event, "action"));
    }

    int actorRank(Event event) {
      return rank(actors, field(event, "actor"));
    }

    private static int rank(List<String> order, Optional<String> key) {
      int at = key.map(order::indexOf).orElse(-1);
      return at < 0 ? order.size() : at;
    }

    private static Optional<String> field(Event event, String name) {
      try {
        JsonNode value = event.bodyJson().get(name);
        return value != null && value.isTextual()
            ? Optional.of(value.textValue())
            : Optional.empty();
      } catch (SteleException e) {
        return Optional.empty(); // not JSON: ranks after every listed action and actor
      }
    }

    private static List<String> texts(JsonNode array) {
      List<String> out = new ArrayList<>();
      array.forEach(
          item -> {
            if (item.isTextual()) {
              out.add(item.textValue());
            }
          });
      return out;
    }
  }
}

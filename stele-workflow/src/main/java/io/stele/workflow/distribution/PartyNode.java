package io.stele.workflow.distribution;

import io.stele.core.error.SteleException;
import io.stele.workflow.chain.ChainComparison;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.conflict.ForkResolution;
import io.stele.workflow.identity.ChainIdentities;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.store.EventChainStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One party's node: it stores only the chains it takes part in (an identity of the chain names this
 * node), pushes every new version to the other parties' nodes through its {@link Outbox}, and takes
 * in what they push, refusing anything that does not check out. Forks are merged with {@link
 * ForkResolution}: when the other side wins, this node rebases its own events and sends the merged
 * chain back; when this side wins, it keeps its copy and sends it again, and the other side
 * rebases.
 */
public final class PartyNode {
  /** What {@link #receive} did with a copy. */
  public enum Outcome {
    /** The copy had events this node lacked; they are stored. */
    NEW,
    /** This node already had every event of the copy (deliveries repeat). */
    ALREADY_HAD,
    /** The copy forked and this node's branch won; the copy is ignored. */
    KEPT_OURS,
    /** The copy forked and won; this node's events were rebased onto it. */
    MERGED
  }

  private final String name;
  private final EventChainStore store;
  private final Outbox outbox;
  private final ForkResolution forks;
  private final List<Consumer<EventChain>> listeners = new CopyOnWriteArrayList<>();

  public PartyNode(String name, EventChainStore store, Outbox outbox, ForkResolution forks) {
    this.name = Objects.requireNonNull(name, "name");
    this.store = store;
    this.outbox = outbox;
    this.forks = forks;
  }

  public String name() {
    return name;
  }

  /** Told about each chain that changed because of what another node sent. */
  public void onAccepted(Consumer<EventChain> listener) {
    listeners.add(listener);
  }

  /** The stored copy of a chain. */
  public Optional<EventChain> chain(String chainId) {
    return store.get(ChainId.fromBase58(chainId));
  }

  /**
   * Stores a chain this node extended itself and queues it for every other party's node. A copy
   * this node already has queues nothing.
   */
  public synchronized void publish(EventChain chain) {
    requireParty(chain);
    if (!(store.receive(chain) instanceof ChainComparison.Same)) {
      queueForOthers(chain);
    }
  }

  /**
   * Takes in a copy pushed by another node. Applying the same copy again changes nothing.
   *
   * @throws SteleException and changes nothing if the copy does not verify (the verifier's code for
   *     the first problem, e.g. {@code workflow.event_signature} or {@code workflow.event_link}),
   *     has an event signed by a key of no identity of the chain ({@code workflow.event_signer}),
   *     is of a chain this node takes no part in ({@code workflow.not_a_party}), or forks in a way
   *     that cannot be decided yet ({@code workflow.fork_unresolved})
   */
  public synchronized Outcome receive(EventChain incoming) {
    ChainId id;
    try {
      id = ChainId.fromBase58(incoming.id());
    } catch (SteleException e) {
      throw new SteleException("workflow.chain_id", "refused chain: " + e.getMessage(), e);
    }
    Optional<EventChain> stored = store.get(id);
    ChainComparison relation =
        stored.isEmpty()
            ? new ChainComparison.Behind("left", 0, incoming.events().size())
            : ChainComparison.compare(stored.get(), incoming);
    // Events shared with the stored copy (same hashes) were checked when they were stored.
    int shared =
        switch (relation) {
          case ChainComparison.Same same -> same.length();
          case ChainComparison.Behind behind -> behind.commonLength();
          case ChainComparison.Forked fork -> fork.commonLength();
        };
    List<ChainProblem> problems = EventChainVerifier.verifyFrom(incoming, shared);
    if (problems.isEmpty()) {
      problems =
          ChainIdentities.unknownSigners(incoming).stream()
              .filter(p -> p.event() >= shared)
              .toList();
    }
    if (!problems.isEmpty()) {
      throw new SteleException(
          problems.getFirst().code(),
          "refused chain " + incoming.id() + ": " + problems.getFirst());
    }
    requireParty(incoming);
    return switch (relation) {
      case ChainComparison.Same same -> Outcome.ALREADY_HAD;
      case ChainComparison.Behind behind when behind.shorterSide().equals("right") ->
          Outcome.ALREADY_HAD;
      case ChainComparison.Behind behind -> {
        store.receive(incoming);
        listeners.forEach(l -> l.accept(incoming));
        yield Outcome.NEW;
      }
      case ChainComparison.Forked fork -> {
        ForkResolution.Merge merge = forks.merge(stored.get(), incoming);
        if (merge.winner().equals("left")) {
          queueForOthers(stored.get());
          yield Outcome.KEPT_OURS;
        }
        store.replace(merge.chain());
        queueForOthers(merge.chain());
        listeners.forEach(l -> l.accept(merge.chain()));
        yield Outcome.MERGED;
      }
    };
  }

  /** Tries the deliveries that are due; see {@link Outbox#deliverDue}. */
  public Outbox.Round pump(EventDelivery delivery) {
    return outbox.deliverDue(this::chain, delivery);
  }

  private void requireParty(EventChain chain) {
    if (ChainIdentities.of(chain).values().stream().noneMatch(i -> name.equals(i.node()))) {
      throw new SteleException(
          "workflow.not_a_party",
          "node " + name + " is the node of no identity of chain " + chain.id());
    }
  }

  private void queueForOthers(EventChain chain) {
    ChainIdentities.of(chain).values().stream()
        .map(Identity::node)
        .filter(n -> n != null && !n.equals(name))
        .distinct()
        .forEach(n -> outbox.enqueue(n, chain.id()));
  }
}

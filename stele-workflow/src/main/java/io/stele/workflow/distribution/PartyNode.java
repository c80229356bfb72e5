package io.stele.workflow.distribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.ChainComparison;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.conflict.ForkResolution;
import io.stele.workflow.identity.ChainIdentities;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.json.Json;
import io.stele.workflow.store.EventChainStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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
    MERGED,
    /** The page forks from the stored chain; it is held until the sender's last page. */
    PENDING
  }

  /**
   * A fork this node could not decide yet because the first differing events are not both anchored:
   * {@code common} events agree, then this node has {@code ours} and the copy it was sent has
   * {@code theirs}. Reported until a copy of that chain is taken in without one.
   */
  public record UnresolvedFork(String chainId, int common, String ours, String theirs) {
    public ObjectNode toJson() {
      ObjectNode node = Json.NODES.objectNode();
      node.put("chain", chainId).put("common", common).put("ours", ours).put("theirs", theirs);
      return node;
    }
  }

  private static final String FORK_UNRESOLVED = "workflow.fork_unresolved";

  /** Most forked copies held back at once, waiting for their last page. */
  public static final int MAX_HELD = 16;

  private final String name;
  private final EventChainStore store;
  private final Outbox outbox;
  private final ForkResolution forks;
  private final List<Consumer<EventChain>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, EventChain> held = new LinkedHashMap<>();
  private final Object telling = new Object();
  private final Map<String, UnresolvedFork> unresolved = new TreeMap<>();

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
   * What {@link #receive(ChainPage)} did, and how many leading events of the sender's copy this
   * node now holds (stored, or held back for a fork).
   */
  public record Received(Outcome outcome, int common) {}

  /** Takes in a whole copy pushed by another node; see {@link #receive(ChainPage)}. */
  public Outcome receive(EventChain incoming) {
    return receive(ChainPage.whole(incoming)).outcome();
  }

  /**
   * Takes in a page pushed by another node. Applying the same page again changes nothing. A page
   * from index {@code from} must continue events this node holds (its {@code previous} names the
   * hash at {@code from - 1}); the stored events before it and the page make the copy that is
   * judged. A page that forks from the stored chain is held back (outcome {@link Outcome#PENDING})
   * until the sender's last page arrives, because a merge needs the sender's whole branch.
   *
   * @throws SteleException and changes nothing if the page does not continue what this node holds
   *     ({@link EventDelivery#GAP}), the copy does not verify (the verifier's code for the first
   *     problem, e.g. {@code workflow.event_signature} or {@code workflow.event_link}), has an
   *     event signed by a key of no identity of the chain ({@code workflow.event_signer}), is of a
   *     chain this node takes no part in ({@code workflow.not_a_party}), or forks in a way that
   *     cannot be decided yet ({@code workflow.fork_unresolved})
   */
  public Received receive(ChainPage page) {
    // Listeners run without this node's lock (they take the service's, which takes this one to
    // publish), but one receive at a time, so they are told of changes in order.
    synchronized (telling) {
      List<EventChain> changed = new ArrayList<>(1);
      Received received = take(page, changed);
      changed.forEach(chain -> listeners.forEach(l -> l.accept(chain)));
      return received;
    }
  }

  private synchronized Received take(ChainPage page, List<EventChain> changed) {
    ChainId id;
    try {
      id = ChainId.fromBase58(page.id());
    } catch (SteleException e) {
      throw new SteleException("workflow.chain_id", "refused chain: " + e.getMessage(), e);
    }
    Optional<EventChain> stored = store.get(id);
    EventChain heldCopy = page.from() == 0 ? null : held.get(page.id());
    List<Event> before;
    int checked; // leading events of the copy that were verified before
    if (page.from() == 0) {
      before = List.of();
      checked = 0;
    } else if (continues(heldCopy, page)) {
      before = heldCopy.events().subList(0, page.from());
      checked = page.from();
    } else if (stored.isPresent() && continues(stored.get(), page)) {
      before = stored.get().events().subList(0, page.from());
      checked = 0;
    } else {
      throw new SteleException(
          EventDelivery.GAP,
          "node "
              + name
              + " holds "
              + stored.map(c -> c.events().size()).orElse(0)
              + " events of chain "
              + page.id()
              + ", none of them "
              + page.events().getFirst().previous()
              + " that the page from "
              + page.from()
              + " follows: send from the start");
    }
    if ((long) before.size() + page.events().size() > EventChain.MAX_EVENTS) {
      throw new SteleException(
          "workflow.chain_format", "chain " + page.id() + " would exceed " + EventChain.MAX_EVENTS);
    }
    List<Event> events = new ArrayList<>(before.size() + page.events().size());
    events.addAll(before);
    events.addAll(page.events());
    EventChain incoming = new EventChain(page.id(), events, page.identities(), page.resources());
    ChainComparison relation =
        stored.isEmpty()
            ? new ChainComparison.Behind("left", 0, incoming.events().size())
            : ChainComparison.compare(stored.get(), incoming);
    // Events shared with the stored copy (same hashes) were checked when they were stored.
    int shared =
        Math.max(
            checked,
            switch (relation) {
              case ChainComparison.Same same -> same.length();
              case ChainComparison.Behind behind -> behind.commonLength();
              case ChainComparison.Forked fork -> fork.commonLength();
            });
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
    int length = incoming.events().size();
    UnresolvedFork open = unresolved.get(page.id());
    if (open != null && !(relation instanceof ChainComparison.Forked) && length > open.common()) {
      unresolved.remove(page.id()); // the copies agree past the old fork point
    }
    return switch (relation) {
      case ChainComparison.Same same -> new Received(Outcome.ALREADY_HAD, length);
      case ChainComparison.Behind behind when behind.shorterSide().equals("right") ->
          new Received(Outcome.ALREADY_HAD, length);
      case ChainComparison.Behind behind -> {
        store.receive(incoming);
        held.remove(page.id());
        if (page.last()) {
          changed.add(store.get(id).orElseThrow());
        }
        yield new Received(Outcome.NEW, length);
      }
      case ChainComparison.Forked fork when !page.last() -> {
        hold(incoming);
        yield new Received(Outcome.PENDING, length);
      }
      case ChainComparison.Forked fork -> {
        ForkResolution.Merge merge;
        try {
          merge = forks.merge(stored.get(), incoming);
        } catch (SteleException e) {
          if (e.code().equals(FORK_UNRESOLVED)) {
            unresolved.put(
                page.id(),
                new UnresolvedFork(
                    page.id(), fork.commonLength(), fork.leftHash(), fork.rightHash()));
          }
          throw e;
        }
        held.remove(page.id());
        unresolved.remove(page.id());
        if (merge.winner().equals("left")) {
          queueForOthers(stored.get());
          yield new Received(Outcome.KEPT_OURS, fork.commonLength());
        }
        store.replace(merge.chain());
        queueForOthers(merge.chain());
        changed.add(merge.chain());
        yield new Received(Outcome.MERGED, length);
      }
    };
  }

  /**
   * The forks this node was sent and could not decide yet, by chain id: it never guesses, and the
   * sender retries until both first differing events are anchored.
   */
  public synchronized List<UnresolvedFork> unresolvedForks() {
    return List.copyOf(unresolved.values());
  }

  /** Forked copies held back until their last page, at most {@link #MAX_HELD}, oldest dropped. */
  private void hold(EventChain incoming) {
    held.remove(incoming.id());
    held.put(incoming.id(), incoming);
    while (held.size() > MAX_HELD) {
      held.remove(held.keySet().iterator().next());
    }
  }

  private static boolean continues(EventChain chain, ChainPage page) {
    return chain != null
        && chain.events().size() >= page.from()
        && chain.events().get(page.from() - 1).hash().equals(page.events().getFirst().previous());
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

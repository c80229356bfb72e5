package io.stele.net.sim;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.Rng;
import io.stele.core.random.SeededRng;
import io.stele.net.Inbound;
import io.stele.net.Message;
import io.stele.net.PeerQueue;
import io.stele.net.PeerScores;
import io.stele.net.Scheduled;
import io.stele.net.Scheduler;
import io.stele.net.SeenMessages;
import io.stele.net.SendResult;
import io.stele.net.Transport;
import io.stele.net.TransportCounters;
import io.stele.net.TransportLimits;
import io.stele.net.TransportStats;
import io.stele.net.sim.TraceEntry.Kind;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Nodes in one thread on a simulated clock. Every message, timer and peer change is an event in one
 * queue ordered by (time, order of scheduling); {@link #step()} runs the next one. All randomness
 * (delays, loss, duplication) comes from one {@link Rng} drawn in that order, so the same seed and
 * the same node code give the same sequence of {@link TraceEntry}s.
 *
 * <p>Faults: per-link delay, loss, duplication and reordering ({@link LinkConditions}); partitions
 * into arbitrary groups and healing; crashing a node (its timers and everything in flight to or
 * from it are dropped) and restarting it as a fresh {@link Transport}. Every node reachable from
 * another counts as connected to it; partitions, crashes and bans are seen as disconnections,
 * healing and restarts as new connections.
 */
public final class SimulatedNetwork {
  private final ManualClock clock;
  private final Rng rng;
  private final LinkConditions defaults;
  private final TransportLimits limits;
  private final PeerScores.Policy policy;

  private final Map<PublicKey, Node> nodes = new LinkedHashMap<>();
  private final Map<Link, LinkConditions> conditions = new HashMap<>();
  private final Map<PublicKey, Long> skews = new HashMap<>();
  private final Map<Link, Long> lastArrival = new HashMap<>();
  private final Map<Link, PeerQueue> inFlight = new HashMap<>();
  private final Set<Link> connected = new HashSet<>();
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private Map<PublicKey, Integer> groupOf = Map.of();
  private long sequence;
  private Consumer<TraceEntry> trace = entry -> {};

  private record Link(PublicKey from, PublicKey to) {}

  private record Event(long time, long sequence, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = Long.compare(time, other.time);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  /** A network starting at time 0 with healthy links and default limits. */
  public SimulatedNetwork(long seed) {
    this(
        new ManualClock(0),
        new SeededRng(seed),
        LinkConditions.DEFAULT,
        TransportLimits.DEFAULT,
        PeerScores.Policy.DEFAULT);
  }

  public SimulatedNetwork(
      ManualClock clock,
      Rng rng,
      LinkConditions defaults,
      TransportLimits limits,
      PeerScores.Policy policy) {
    this.clock = clock;
    this.rng = rng;
    this.defaults = defaults;
    this.limits = limits;
    this.policy = policy;
  }

  /** Receives every trace entry as it happens (replaces the previous listener). */
  public void onTrace(Consumer<TraceEntry> listener) {
    this.trace = listener;
  }

  public ManualClock clock() {
    return clock;
  }

  /** The nodes that have joined, in order of joining. */
  public List<PublicKey> nodes() {
    return List.copyOf(nodes.keySet());
  }

  /** Adds a node, connected to every reachable node, and returns its transport. */
  public Transport join(PublicKey key) {
    if (nodes.containsKey(key)) {
      throw new IllegalArgumentException("node " + key + " has already joined");
    }
    return start(key);
  }

  /** Sets the conditions of the link from {@code from} to {@code to} (one direction). */
  public void setLink(PublicKey from, PublicKey to, LinkConditions linkConditions) {
    conditions.put(new Link(from, to), linkConditions);
  }

  /**
   * Makes {@code key}'s scheduler read {@code skewMillis} ahead of the simulated clock (behind if
   * negative), across restarts. Timer delays are unaffected: a node's clock is wrong, not slow.
   */
  public void setClockSkew(PublicKey key, long skewMillis) {
    skews.put(key, skewMillis);
  }

  /**
   * Splits the network: nodes talk only within their group. A node in no group is alone. Messages
   * already in flight across the cut are dropped when they arrive.
   */
  public void partition(Collection<? extends Collection<PublicKey>> groups) {
    Map<PublicKey, Integer> next = new HashMap<>();
    int index = 0;
    for (Collection<PublicKey> group : groups) {
      for (PublicKey key : group) {
        if (next.put(key, index) != null) {
          throw new IllegalArgumentException("node " + key + " is in two groups");
        }
      }
      index++;
    }
    groupOf = next;
    refreshConnections();
  }

  /** Ends any partition. */
  public void heal() {
    groupOf = Map.of();
    refreshConnections();
  }

  /** Stops a node at once: its timers never fire and what is in flight to or from it is lost. */
  public void crash(PublicKey key) {
    Node node = nodes.get(key);
    if (node == null || !node.alive) {
      throw new IllegalArgumentException("node " + key + " is not running");
    }
    node.alive = false;
    refreshConnections();
  }

  /** Starts a crashed node again with a fresh transport (no handler, no memory of gossip). */
  public Transport restart(PublicKey key) {
    Node node = nodes.get(key);
    if (node == null || node.alive) {
      throw new IllegalArgumentException("node " + key + " is not crashed");
    }
    return start(key);
  }

  /** Runs the next event; false when nothing is left to run. */
  public boolean step() {
    Event event = events.poll();
    if (event == null) {
      return false;
    }
    clock.set(event.time);
    event.action.run();
    return true;
  }

  /** Runs every event due at or before {@code time}, then sets the clock to {@code time}. */
  public void runUntil(long time) {
    while (!events.isEmpty() && events.peek().time <= time) {
      step();
    }
    if (time > clock.millis()) {
      clock.set(time);
    }
  }

  /** Events waiting to run. */
  public int pending() {
    return events.size();
  }

  private Transport start(PublicKey key) {
    Node node = new Node(key);
    nodes.put(key, node);
    refreshConnections();
    return node;
  }

  private void schedule(long time, Runnable action) {
    events.add(new Event(time, sequence++, action));
  }

  private void record(Kind kind, PublicKey from, PublicKey to, Bytes id) {
    trace.accept(new TraceEntry(clock.millis(), kind, from, to, id));
  }

  private boolean reachable(Node a, Node b) {
    return a.alive
        && b.alive
        && sameSide(a.key, b.key)
        && !a.scores.isBanned(b.key)
        && !b.scores.isBanned(a.key);
  }

  private boolean sameSide(PublicKey a, PublicKey b) {
    if (groupOf.isEmpty()) {
      return true;
    }
    Integer group = groupOf.get(a);
    return group != null && group.equals(groupOf.get(b));
  }

  /** Compares who can reach whom with before, and tells each node about what changed. */
  private void refreshConnections() {
    for (Node a : nodes.values()) {
      for (Node b : nodes.values()) {
        if (a == b) {
          continue;
        }
        Link link = new Link(a.key, b.key);
        boolean now = reachable(a, b);
        if (now == connected.contains(link)) {
          continue;
        }
        if (now) {
          connected.add(link);
        } else {
          connected.remove(link);
        }
        Node target = a;
        PublicKey peer = b.key;
        schedule(
            clock.millis(),
            () -> {
              if (target.alive) {
                record(now ? Kind.PEER_UP : Kind.PEER_DOWN, target.key, peer, Bytes.EMPTY);
                if (now) {
                  target.inbound.peerConnected(peer);
                } else {
                  target.inbound.peerDisconnected(peer);
                }
              }
            });
      }
    }
  }

  private boolean chance(double probability) {
    return probability > 0 && (rng.nextLong() >>> 11) * 0x1.0p-53 < probability;
  }

  private long arrivalTime(Link link, LinkConditions faults) {
    long span = faults.maxDelayMillis() - faults.minDelayMillis();
    long delay =
        faults.minDelayMillis() + (span == 0 ? 0 : Math.floorMod(rng.nextLong(), span + 1));
    long arrival = clock.millis() + delay;
    if (!faults.reorder()) {
      arrival = Math.max(arrival, lastArrival.getOrDefault(link, 0L));
      lastArrival.put(link, arrival);
    }
    return arrival;
  }

  private SendResult transmit(Node from, PublicKey to, Message message, boolean gossip) {
    if (!from.alive) {
      return SendResult.CLOSED;
    }
    if (message.size() > limits.maxMessageBytes()) {
      from.counters.tooLarge();
      return SendResult.TOO_LARGE;
    }
    Link link = new Link(from.key, to);
    Node receiver = nodes.get(to);
    if (receiver == null || !connected.contains(link)) {
      return SendResult.NOT_CONNECTED;
    }
    Bytes id = message.id();
    PeerQueue queue = inFlight.computeIfAbsent(link, l -> new PeerQueue(limits));
    if (!queue.offer(message.size())) {
      from.counters.queueFull();
      record(Kind.REFUSED, from.key, to, id);
      return SendResult.QUEUE_FULL;
    }
    from.counters.sent();
    LinkConditions linkConditions = conditions.getOrDefault(link, defaults);
    if (chance(linkConditions.loss())) {
      queue.remove(message.size());
      record(Kind.LOST, from.key, to, id);
      return SendResult.QUEUED;
    }
    record(Kind.SENT, from.key, to, id);
    inFlight(from, receiver, queue, message, gossip, arrivalTime(link, linkConditions));
    if (chance(linkConditions.duplication())) {
      record(Kind.DUPLICATED, from.key, to, id);
      queue.add(message.size());
      inFlight(from, receiver, queue, message, gossip, arrivalTime(link, linkConditions));
    }
    return SendResult.QUEUED;
  }

  /** Puts a message counted in {@code queue} in flight; it leaves the queue when it arrives. */
  private void inFlight(
      Node from, Node receiver, PeerQueue queue, Message message, boolean gossip, long arrival) {
    schedule(
        arrival,
        () -> {
          queue.remove(message.size());
          if (nodes.get(receiver.key) == receiver && reachable(from, receiver)) {
            record(Kind.DELIVERED, from.key, receiver.key, message.id());
            receiver.inbound.deliver(from.key, message, gossip);
          } else {
            record(Kind.DROPPED, from.key, receiver.key, message.id());
          }
        });
  }

  /** One run of a node, from join or restart to crash. */
  private final class Node implements Transport, Scheduler, Inbound.Links {
    final PublicKey key;
    final TransportCounters counters = new TransportCounters();
    final PeerScores scores = new PeerScores(policy, clock);
    final Inbound inbound;
    boolean alive = true;

    Node(PublicKey key) {
      this.key = key;
      this.inbound = new Inbound(new SeenMessages(limits.seenMessages()), scores, counters, this);
    }

    @Override
    public PublicKey self() {
      return key;
    }

    @Override
    public void setHandler(Handler handler) {
      inbound.setHandler(handler);
    }

    @Override
    public Scheduler scheduler() {
      return this;
    }

    @Override
    public long millis() {
      return clock.millis() + skews.getOrDefault(key, 0L);
    }

    @Override
    public Scheduled schedule(long delayMillis, Runnable task) {
      if (delayMillis < 0) {
        throw new IllegalArgumentException("delay must not be negative: " + delayMillis);
      }
      boolean[] cancelled = {false};
      SimulatedNetwork.this.schedule(
          clock.millis() + delayMillis,
          () -> {
            if (alive && !cancelled[0]) {
              record(Kind.TIMER, key, key, Bytes.EMPTY);
              task.run();
            }
          });
      return () -> cancelled[0] = true;
    }

    @Override
    public SendResult send(PublicKey peer, Message message) {
      return transmit(this, peer, message, false);
    }

    @Override
    public int gossip(Message message) {
      if (!alive) {
        return 0;
      }
      if (message.size() > limits.maxMessageBytes()) {
        counters.tooLarge();
        return 0;
      }
      inbound.originated(message);
      return spread(null, message);
    }

    @Override
    public void forward(PublicKey except, Message message) {
      spread(except, message);
    }

    private int spread(PublicKey except, Message message) {
      int queued = 0;
      for (PublicKey peer : peers()) {
        if (!peer.equals(except) && transmit(this, peer, message, true) == SendResult.QUEUED) {
          queued++;
        }
      }
      return queued;
    }

    @Override
    public void disconnect(PublicKey peer, String reason) {
      counters.closed(reason);
      refreshConnections();
      long until = scores.bannedUntil(peer);
      if (until > 0) {
        SimulatedNetwork.this.schedule(until, SimulatedNetwork.this::refreshConnections);
      }
    }

    @Override
    public Set<PublicKey> peers() {
      if (!alive) {
        return Set.of();
      }
      Set<PublicKey> peers = new LinkedHashSet<>();
      for (PublicKey other : nodes.keySet()) {
        if (connected.contains(new Link(key, other))) {
          peers.add(other);
        }
      }
      return Collections.unmodifiableSet(peers);
    }

    @Override
    public void reportInvalid(PublicKey peer, String reason) {
      inbound.penalize(peer, PeerScores.Offence.INVALID_MESSAGE, reason);
    }

    @Override
    public TransportStats stats() {
      return counters.snapshot();
    }

    /** Same as a crash: the node leaves the network. */
    @Override
    public void close() {
      if (alive && nodes.get(key) == this) {
        crash(key);
      }
    }
  }
}

package io.stele.net.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.net.Message;
import io.stele.net.PeerScores;
import io.stele.net.Recorder;
import io.stele.net.Scheduled;
import io.stele.net.SendResult;
import io.stele.net.Transport;
import io.stele.net.TransportLimits;
import io.stele.net.Verdict;
import io.stele.net.sim.TraceEntry.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SimulatedNetworkTest {
  private static final LinkConditions FAST = new LinkConditions(10, 10, 0, 0, false);

  private static PublicKey key(int i) {
    return KeyPair.generate(new SeededRng(1000 + i)).publicKey();
  }

  private static SimulatedNetwork network(long seed, LinkConditions links, TransportLimits limits) {
    return new SimulatedNetwork(
        new ManualClock(0), new SeededRng(seed), links, limits, PeerScores.Policy.DEFAULT);
  }

  private static Message message(int n) {
    return Message.of(1, new byte[] {(byte) (n >> 8), (byte) n});
  }

  /**
   * Five chatty nodes on lossy, duplicating, reordering links: each gossips on a timer, answers
   * every message it accepts with a direct message, and one node crashes and restarts.
   */
  private static List<TraceEntry> chatter(long seed) {
    SimulatedNetwork net =
        network(seed, new LinkConditions(1, 50, 0.1, 0.1, true), TransportLimits.DEFAULT);
    List<TraceEntry> trace = new ArrayList<>();
    net.onTrace(trace::add);
    List<Transport> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.add(net.join(key(i)));
    }
    for (int i = 0; i < 5; i++) {
      Transport node = nodes.get(i);
      int index = i;
      node.setHandler(
          new Transport.Handler() {
            @Override
            public Verdict onMessage(PublicKey from, Message m, boolean gossip) {
              if (gossip) {
                node.send(from, Message.of(2, m.body().unsafeArray()));
              }
              return Verdict.ACCEPT;
            }
          });
      for (int round = 0; round < 5; round++) {
        int n = index * 100 + round;
        node.scheduler().schedule(20L * round + index, () -> node.gossip(message(n)));
      }
    }
    net.runUntil(45);
    net.crash(key(3));
    net.runUntil(90);
    net.restart(key(3)).setHandler(new Recorder());
    net.runUntil(1_000);
    while (net.step()) {
      // drains what is still in flight
    }
    return trace;
  }

  @Test
  void sameSeedGivesTheSameDeliverySequence() {
    List<TraceEntry> first = chatter(7);
    List<TraceEntry> second = chatter(7);

    assertThat(first).isEqualTo(second);
    assertThat(first)
        .extracting(TraceEntry::kind)
        .contains(Kind.LOST, Kind.DUPLICATED, Kind.DELIVERED, Kind.DROPPED, Kind.TIMER);
  }

  @Property(tries = 10)
  void anySeedReplaysExactly(@ForAll long seed) {
    assertThat(chatter(seed)).isEqualTo(chatter(seed));
  }

  @Property(tries = 20)
  void everyCopyPutInFlightIsDeliveredOrDropped(@ForAll long seed) {
    List<TraceEntry> trace = chatter(seed);
    long inFlight =
        trace.stream().filter(e -> e.kind() == Kind.SENT || e.kind() == Kind.DUPLICATED).count();
    long arrived =
        trace.stream().filter(e -> e.kind() == Kind.DELIVERED || e.kind() == Kind.DROPPED).count();
    assertThat(arrived).isEqualTo(inFlight).isPositive();
  }

  @Test
  void anotherSeedGivesAnotherSequence() {
    assertThat(chatter(7)).isNotEqualTo(chatter(8));
  }

  /** Sends 40 numbered messages from node 0 to node 1 and returns the order they arrive in. */
  private static List<Integer> arrivalOrder(long seed, boolean reorder) {
    SimulatedNetwork net =
        network(seed, new LinkConditions(1, 100, 0, 0, reorder), TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    Recorder atB = new Recorder();
    b.setHandler(atB);
    net.runUntil(0);
    for (int n = 0; n < 40; n++) {
      assertThat(a.send(b.self(), message(n))).isEqualTo(SendResult.QUEUED);
      net.runUntil(net.clock().millis() + 3);
    }
    net.runUntil(10_000);
    return atB.messages.stream()
        .map(r -> ((r.message().body().get(0) & 0xFF) << 8) | (r.message().body().get(1) & 0xFF))
        .toList();
  }

  @Property(tries = 30)
  void fifoLinksDeliverInSendingOrder(@ForAll long seed) {
    List<Integer> expected = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      expected.add(n);
    }
    assertThat(arrivalOrder(seed, false)).isEqualTo(expected);
  }

  @Test
  void reorderingLinksLetLaterMessagesOvertake() {
    List<Integer> order = arrivalOrder(3, true);
    assertThat(order).hasSize(40).doesNotHaveDuplicates();
    assertThat(order).isNotEqualTo(order.stream().sorted().toList());
  }

  @Property(tries = 30)
  void everyMessageSpendsBetweenTheMinimumAndMaximumDelayInFlight(@ForAll long seed) {
    SimulatedNetwork net =
        network(seed, new LinkConditions(15, 40, 0, 0, true), TransportLimits.DEFAULT);
    List<TraceEntry> trace = new ArrayList<>();
    net.onTrace(trace::add);
    Transport a = net.join(key(0));
    net.join(key(1)).setHandler(new Recorder());
    net.runUntil(0);
    for (int n = 0; n < 20; n++) {
      a.send(key(1), message(n));
      net.runUntil(net.clock().millis() + 7);
    }
    net.runUntil(10_000);

    List<TraceEntry> sent = trace.stream().filter(e -> e.kind() == Kind.SENT).toList();
    List<TraceEntry> delivered = trace.stream().filter(e -> e.kind() == Kind.DELIVERED).toList();
    assertThat(sent).hasSize(20);
    assertThat(delivered).hasSize(20);
    for (TraceEntry arrival : delivered) {
      TraceEntry departure =
          sent.stream().filter(e -> e.messageId().equals(arrival.messageId())).findFirst().get();
      assertThat(arrival.time() - departure.time()).isBetween(15L, 40L);
    }
  }

  @Test
  void lossOfOneDropsEverythingAndDuplicationOfOneDeliversTwice() {
    SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    Transport c = net.join(key(2));
    Recorder atB = new Recorder();
    Recorder atC = new Recorder();
    b.setHandler(atB);
    c.setHandler(atC);
    net.setLink(a.self(), b.self(), new LinkConditions(10, 10, 1, 0, false));
    net.setLink(a.self(), c.self(), new LinkConditions(10, 10, 0, 1, false));
    net.runUntil(0);

    assertThat(a.send(b.self(), message(1))).isEqualTo(SendResult.QUEUED);
    assertThat(a.send(c.self(), message(2))).isEqualTo(SendResult.QUEUED);
    net.runUntil(100);

    assertThat(atB.messages).isEmpty();
    assertThat(atC.count(message(2))).isEqualTo(2);
  }

  @Test
  void duplicatedGossipIsDeliveredOnce() {
    SimulatedNetwork net =
        network(1, new LinkConditions(10, 10, 0, 1, false), TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    Recorder atB = new Recorder();
    b.setHandler(atB);
    a.setHandler(new Recorder());
    net.runUntil(0);

    a.gossip(message(5));
    net.runUntil(1_000);

    assertThat(atB.count(message(5))).isEqualTo(1);
    assertThat(b.stats().duplicates()).isPositive();
  }

  @Test
  void gossipIsForwardedOnlyWhenAccepted() {
    for (Verdict verdict : Verdict.values()) {
      SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
      Transport a = net.join(key(0));
      Transport b = net.join(key(1));
      Transport c = net.join(key(2));
      // A and C cannot hear each other: gossip from A reaches C only through B.
      LinkConditions cut = new LinkConditions(10, 10, 1, 0, false);
      net.setLink(a.self(), c.self(), cut);
      net.setLink(c.self(), a.self(), cut);
      Recorder atC = new Recorder();
      a.setHandler(new Recorder());
      b.setHandler(new Recorder().answering(verdict));
      c.setHandler(atC);
      net.runUntil(0);

      a.gossip(message(9));
      net.runUntil(1_000);

      assertThat(atC.count(message(9)))
          .as("%s", verdict)
          .isEqualTo(verdict == Verdict.ACCEPT ? 1 : 0);
    }
  }

  @Test
  void partitionSeparatesGroupsAndHealingJoinsThem() {
    SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    Transport c = net.join(key(2));
    Recorder atB = new Recorder();
    Recorder atC = new Recorder();
    a.setHandler(new Recorder());
    b.setHandler(atB);
    c.setHandler(atC);
    net.runUntil(0);
    assertThat(atC.connected).containsExactlyInAnyOrder(a.self(), b.self());

    a.send(c.self(), message(1));
    net.partition(List.of(Set.of(a.self(), b.self()), Set.of(c.self())));
    a.gossip(message(2));
    net.runUntil(100);

    assertThat(atB.count(message(2))).isEqualTo(1);
    assertThat(atC.messages).as("in flight across the cut, and sent after it").isEmpty();
    assertThat(atC.connected).isEmpty();
    assertThat(a.peers()).containsExactly(b.self());
    assertThat(a.send(c.self(), message(3))).isEqualTo(SendResult.NOT_CONNECTED);

    net.heal();
    net.runUntil(200);
    assertThat(atC.connected).containsExactlyInAnyOrder(a.self(), b.self());
    a.send(c.self(), message(4));
    net.runUntil(300);
    assertThat(atC.count(message(4))).isEqualTo(1);
  }

  @Test
  void nodeOutsideEveryGroupIsAlone() {
    SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    Transport c = net.join(key(2));
    net.partition(List.of(Set.of(a.self(), b.self())));
    assertThat(c.peers()).isEmpty();
    assertThat(a.peers()).containsExactly(b.self());
  }

  @Test
  void crashedNodeLosesTrafficAndTimersAndRestartsFresh() {
    SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    Recorder atA = new Recorder();
    Recorder atB = new Recorder();
    a.setHandler(atA);
    b.setHandler(atB);
    List<Long> timerFired = new ArrayList<>();
    b.scheduler().schedule(50, () -> timerFired.add(net.clock().millis()));
    net.runUntil(0);

    a.send(b.self(), message(1));
    b.send(a.self(), message(2));
    net.crash(b.self());
    net.runUntil(100);

    assertThat(atB.messages).isEmpty();
    assertThat(atA.messages).as("sent by the crashed node, still in flight").isEmpty();
    assertThat(timerFired).isEmpty();
    assertThat(atA.connected).isEmpty();
    assertThat(a.send(b.self(), message(3))).isEqualTo(SendResult.NOT_CONNECTED);
    assertThat(b.send(a.self(), message(4))).isEqualTo(SendResult.CLOSED);

    Transport restarted = net.restart(b.self());
    Recorder atRestarted = new Recorder();
    restarted.setHandler(atRestarted);
    net.runUntil(110);
    assertThat(atA.connected).containsExactly(b.self());
    a.send(b.self(), message(5));
    net.runUntil(200);
    assertThat(atRestarted.count(message(5))).isEqualTo(1);
    assertThat(atB.messages).isEmpty();
  }

  @Test
  void timersFireInTimeOrderAtTheirSimulatedTimeAndCanBeCancelled() {
    SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    List<String> fired = new ArrayList<>();
    a.scheduler().schedule(100, () -> fired.add("late@" + a.scheduler().millis()));
    a.scheduler().schedule(30, () -> fired.add("early@" + a.scheduler().millis()));
    a.scheduler().schedule(30, () -> fired.add("early-second@" + a.scheduler().millis()));
    Scheduled cancelled = a.scheduler().schedule(60, () -> fired.add("cancelled"));
    cancelled.cancel();

    net.runUntil(99);
    assertThat(fired).containsExactly("early@30", "early-second@30");
    net.runUntil(1_000);
    assertThat(fired).containsExactly("early@30", "early-second@30", "late@100");
    assertThat(net.clock().millis()).isEqualTo(1_000);
  }

  @Test
  void skewedNodeReadsAnotherTimeButItsTimersKeepTheirDelay() {
    SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    net.setClockSkew(b.self(), -250);
    List<Long> seenByB = new ArrayList<>();
    b.scheduler().schedule(100, () -> seenByB.add(b.scheduler().millis()));

    net.runUntil(1_000);
    assertThat(a.scheduler().millis()).isEqualTo(1_000);
    assertThat(b.scheduler().millis()).isEqualTo(750);
    assertThat(seenByB).containsExactly(-150L);
  }

  @Test
  void fullLinkQueueRefusesAndCounts() {
    SimulatedNetwork net = network(1, FAST, new TransportLimits(64, 2, 1 << 20, 16));
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    b.setHandler(new Recorder());
    net.runUntil(0);

    assertThat(a.send(b.self(), message(1))).isEqualTo(SendResult.QUEUED);
    assertThat(a.send(b.self(), message(2))).isEqualTo(SendResult.QUEUED);
    assertThat(a.send(b.self(), message(3))).isEqualTo(SendResult.QUEUE_FULL);
    assertThat(a.send(b.self(), Message.of(1, new byte[64]))).isEqualTo(SendResult.TOO_LARGE);
    assertThat(a.gossip(Message.of(1, new byte[64]))).isZero();
    assertThat(a.stats().queueFull()).isEqualTo(1);
    assertThat(a.stats().tooLarge()).isEqualTo(2);

    net.runUntil(100);
    assertThat(a.send(b.self(), message(4))).isEqualTo(SendResult.QUEUED);
  }

  @Test
  void linkQueueIsAlsoBoundedInBytes() {
    SimulatedNetwork net = network(1, FAST, new TransportLimits(100, 1000, 250, 16));
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    b.setHandler(new Recorder());
    net.runUntil(0);

    assertThat(a.send(b.self(), Message.of(1, new byte[99]))).isEqualTo(SendResult.QUEUED);
    assertThat(a.send(b.self(), Message.of(2, new byte[99]))).isEqualTo(SendResult.QUEUED);
    assertThat(a.send(b.self(), Message.of(3, new byte[50]))).isEqualTo(SendResult.QUEUE_FULL);
    assertThat(a.send(b.self(), Message.of(4, new byte[49]))).isEqualTo(SendResult.QUEUED);
  }

  @Test
  void peerUnderTheThresholdIsDisconnectedUntilTheBanEnds() {
    SimulatedNetwork net =
        new SimulatedNetwork(
            new ManualClock(0),
            new SeededRng(1),
            FAST,
            TransportLimits.DEFAULT,
            new PeerScores.Policy(-20, 5_000));
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    Recorder atA = new Recorder().answering(Verdict.REJECT);
    Recorder atB = new Recorder();
    a.setHandler(atA);
    b.setHandler(atB);
    net.runUntil(0);

    b.send(a.self(), message(1));
    b.send(a.self(), message(2));
    net.runUntil(100);
    assertThat(a.stats().bans()).isEqualTo(1);
    assertThat(atB.connected).isEmpty();
    assertThat(b.send(a.self(), message(3))).isEqualTo(SendResult.NOT_CONNECTED);

    net.runUntil(5_100);
    assertThat(atB.connected).containsExactly(a.self());
    assertThat(atA.events).containsExactly("up " + b.self(), "down " + b.self(), "up " + b.self());
  }

  @Test
  void reportedPeerLosesScore() {
    SimulatedNetwork net = network(1, FAST, TransportLimits.DEFAULT);
    Transport a = net.join(key(0));
    Transport b = net.join(key(1));
    for (int i = 0; i < 10; i++) {
      a.reportInvalid(b.self(), "bad block");
    }
    assertThat(a.stats().penalties()).isEqualTo(10);
    assertThat(a.stats().bans()).isEqualTo(1);
    assertThat(a.peers()).isEmpty();
  }
}

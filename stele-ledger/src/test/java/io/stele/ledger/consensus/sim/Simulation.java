package io.stele.ledger.consensus.sim;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.Countdown;
import io.stele.ledger.consensus.round.ConsensusEngine;
import io.stele.ledger.consensus.round.ConsensusOutput;
import io.stele.ledger.consensus.round.RoundTimeouts;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.Message;
import io.stele.net.PeerScores;
import io.stele.net.TransportLimits;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.net.sim.SimulationSeed;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * N engines on a {@link SimulatedNetwork}, each over its own {@link TestLedger}, with transfers
 * between funded accounts submitted during the run. Every commit on every node is checked at once
 * against all commits before it (so after every step of the network): one block per height across
 * all nodes, ever; the same state root at the same height; a certificate that verifies under the
 * height's witnesses. A violation throws {@link AssertionError} naming the seed.
 */
final class Simulation {
  static final byte CHAIN = 'T';
  static final long START = 1_700_000_000_000L;
  static final long T_W = 50;
  static final long T_O = 200;
  static final int USERS = 8;

  final long seed;
  final SeededRng rng;
  final SimulatedNetwork net;
  final Genesis genesis;
  final List<KeyPair> witnessKeys;
  final List<SimNode> nodes = new ArrayList<>();
  private final ConsensusEngine.Config config;
  private final List<KeyPair> users = new ArrayList<>();
  private final List<Long> nonces = new ArrayList<>();
  private final Map<Long, Bytes> finalHashes = new HashMap<>();
  private final Map<Long, Bytes> finalRoots = new HashMap<>();
  private final Map<PublicKey, SimNode> byKey = new LinkedHashMap<>();
  private LongFunction<WitnessSet> witnessSets;
  private long transfers;

  /**
   * @param witnessCount genesis witnesses (also the largest set used)
   * @param links the default link conditions
   */
  Simulation(long seed, int witnessCount, LinkConditions links) {
    this.seed = seed;
    this.rng = new SeededRng(seed);
    this.net =
        new SimulatedNetwork(
            new ManualClock(START), rng, links, TransportLimits.DEFAULT, PeerScores.Policy.DEFAULT);
    Genesis.Devnet devnet = Genesis.devnet(CHAIN, witnessCount, START, rng);
    Map<Address, Long> balances = new LinkedHashMap<>();
    for (int i = 0; i < USERS; i++) {
      KeyPair user = KeyPair.generate(rng);
      users.add(user);
      nonces.add(0L);
      balances.put(Address.of(user.publicKey(), CHAIN), 1_000_000_000L);
    }
    this.genesis = devnet.genesis().withBalances(balances);
    this.witnessKeys = devnet.witnessKeys();
    WitnessSet all = new WitnessSet(0, genesis.witnesses());
    this.witnessSets = h -> all;
    this.config =
        new ConsensusEngine.Config(
            CHAIN, new Countdown(T_W, T_O), new RoundTimeouts(T_W, T_O, T_O / 2, T_O / 2), 1 << 20);
  }

  ConsensusEngine.Config config() {
    return config;
  }

  /** Replaces the witness set schedule (before nodes are added). */
  void witnessSets(LongFunction<WitnessSet> schedule) {
    this.witnessSets = schedule;
  }

  String hint() {
    return SimulationSeed.replayHint(seed);
  }

  /** Adds the genesis witnesses and {@code observers} non-witness nodes, all honest. */
  void addNodes(int observers) {
    addNodes(observers, k -> null);
  }

  /**
   * Adds the nodes; {@code misbehaviour} may wrap a witness's output (a Byzantine test double that
   * signs with the witness key directly) or return null for an honest one.
   */
  void addNodes(int observers, Function<SimNode, Function<ConsensusOutput, ConsensusOutput>> wrap) {
    for (KeyPair key : witnessKeys) {
      add(key, true, wrap);
    }
    for (int i = 0; i < observers; i++) {
      add(KeyPair.generate(rng), false, wrap);
    }
  }

  private void add(
      KeyPair key,
      boolean witness,
      Function<SimNode, Function<ConsensusOutput, ConsensusOutput>> wrap) {
    SimNode node = new SimNode(key, witness, newLedger());
    node.wrapper = wrap.apply(node);
    nodes.add(node);
    byKey.put(key.publicKey(), node);
    node.start(this, net.join(key.publicKey()), output(node));
  }

  private TestLedger newLedger() {
    return new TestLedger(genesis, h -> witnessSets.apply(h), this::check);
  }

  private ConsensusOutput output(SimNode node) {
    ConsensusOutput honest =
        new ConsensusOutput() {
          @Override
          public void gossip(Message message) {
            node.transport.gossip(message);
          }

          @Override
          public void send(PublicKey peer, Message message) {
            node.transport.send(peer, message);
          }

          @Override
          public void resend(Message message) {
            node.transport.peers().forEach(p -> node.transport.send(p, message));
          }

          @Override
          public void needBlock(long height, PublicKey peer) {
            sync(node, height, peer);
          }
        };
    return node.wrapper == null ? honest : node.wrapper.apply(honest);
  }

  /** Block sync as a test double: the block and certificate from the peer, 10 ms later. */
  private void sync(SimNode node, long height, PublicKey peer) {
    SimNode source = byKey.get(peer);
    if (source == null || !source.alive || !node.transport.peers().contains(peer)) {
      return;
    }
    Block block = source.ledger.block(height);
    FinalityCertificate certificate = source.ledger.certificate(height);
    if (block == null) {
      return;
    }
    var engine = node.engine;
    node.transport
        .scheduler()
        .schedule(
            10,
            () -> {
              if (node.engine == engine && engine.onCertifiedBlock(block, certificate)) {
                // caught up one block; ask again in case it is further behind
                sync(node, height + 1, peer);
              }
            });
  }

  private void check(TestLedger ledger, Block block, FinalityCertificate certificate, Bytes root) {
    long h = block.height();
    Bytes known = finalHashes.putIfAbsent(h, block.hash());
    if (known != null && !known.equals(block.hash())) {
      throw new AssertionError(
          "two different final blocks at height "
              + h
              + ": "
              + known
              + " and "
              + block.hash()
              + ", "
              + hint());
    }
    Bytes knownRoot = finalRoots.putIfAbsent(h, root);
    if (knownRoot != null && !knownRoot.equals(root)) {
      throw new AssertionError("different state roots at final height " + h + ", " + hint());
    }
    if (!root.equals(block.header().stateRoot())) {
      throw new AssertionError("state root after block " + h + " is not its header's, " + hint());
    }
    if (known == null) {
      certificate.verify(block.header(), witnessSets.apply(h));
    }
  }

  /** Crashes node {@code i}: its timers stop and what is in flight to or from it is lost. */
  void crash(int i) {
    SimNode node = nodes.get(i);
    net.crash(node.publicKey());
    node.alive = false;
  }

  /**
   * Restarts node {@code i}, with its chain and signing state, or without any data (an empty ledger
   * and a signing store that lost its state).
   */
  void restart(int i, boolean withData) {
    SimNode node = nodes.get(i);
    if (!withData) {
      node.ledger = node.ledger.wiped();
      node.signer = io.stele.ledger.consensus.round.SignerStore.InMemory.lost();
    }
    node.start(this, net.restart(node.publicKey()), output(node));
  }

  void partition(Collection<? extends Collection<Integer>> groups) {
    List<List<PublicKey>> keys = new ArrayList<>();
    for (Collection<Integer> group : groups) {
      keys.add(group.stream().map(i -> nodes.get(i).publicKey()).toList());
    }
    net.partition(keys);
  }

  /** Runs until {@code time} ms after the start, submitting two transfers every 100 ms. */
  void runUntil(long time) {
    long end = START + time;
    while (net.clock().millis() < end) {
      long next = Math.min(end, (net.clock().millis() / 100 + 1) * 100);
      net.runUntil(next);
      if (next % 100 == 0) {
        submitTransfers(2);
      }
    }
  }

  private void submitTransfers(int count) {
    for (int c = 0; c < count; c++) {
      int from = (int) Math.floorMod(rng.nextLong(), (long) USERS);
      int to = (from + 1) % USERS;
      long nonce = nonces.get(from);
      nonces.set(from, nonce + 1);
      var tx =
          new TransactionBuilder(CHAIN, genesis.parameters(), users.get(from))
              .transfer(
                  Address.of(users.get(to).publicKey(), CHAIN),
                  1 + Math.floorMod(rng.nextLong(), 100L),
                  nonce,
                  net.clock().millis());
      for (SimNode node : nodes) {
        if (node.alive) {
          node.ledger.submit(tx);
        }
      }
      transfers++;
    }
  }

  /** The highest round any running node is in. */
  int maxRound() {
    return nodes.stream().filter(n -> n.alive).mapToInt(n -> n.engine.round()).max().orElse(0);
  }

  /** Milliseconds since the start of the run. */
  long now() {
    return net.clock().millis() - START;
  }

  /**
   * The bound on resuming finality the engine documents: C producer timeouts plus the longest round
   * any node is in now (docs/consensus.md, "Liveness").
   */
  long resumeBound(int witnessCount) {
    return witnessCount * T_O + config.timeouts().round(maxRound() + witnessCount);
  }

  /**
   * Runs until each node of {@code which} has finalized a block above the highest final height now,
   * failing after {@code bound} ms; returns how long it took.
   */
  long awaitProgress(List<Integer> which, long bound) {
    long from = now();
    long target = highestFinal() + 1;
    while (true) {
      boolean done = which.stream().allMatch(i -> finalHeight(i) >= target);
      if (done) {
        return now() - from;
      }
      if (now() - from > bound) {
        throw new AssertionError(
            "no progress to height "
                + target
                + " on nodes "
                + which
                + " within "
                + bound
                + " ms ("
                + status()
                + ")");
      }
      runUntil(now() + 20);
    }
  }

  /** Every piece of evidence any running node has collected. */
  List<io.stele.ledger.consensus.Evidence> evidence() {
    List<io.stele.ledger.consensus.Evidence> all = new ArrayList<>();
    nodes.forEach(n -> all.addAll(n.ledger.evidence()));
    return all;
  }

  /** Sets a node's clock skew. */
  void skew(int witness, long millis) {
    net.setClockSkew(witnessKeys.get(witness).publicKey(), millis);
  }

  /** Heights and rounds of every node, for failure messages. */
  String status() {
    return "heights "
        + nodes.stream().map(SimNode::finalHeight).toList()
        + ", rounds "
        + nodes.stream().map(n -> n.alive ? n.engine.round() : -1).toList()
        + ", steps "
        + nodes.stream().map(n -> n.alive ? n.engine.step() : null).toList();
  }

  /** The highest final height any node has reached. */
  long highestFinal() {
    return finalHashes.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  long finalHeight(int i) {
    return nodes.get(i).finalHeight();
  }

  long transactionsFinal() {
    long count = 0;
    for (long h = 1; h <= highestFinal(); h++) {
      for (SimNode node : nodes) {
        Block b = node.ledger.block(h);
        if (b != null) {
          count += b.transactions().size();
          break;
        }
      }
    }
    return count;
  }

  long transfersSubmitted() {
    return transfers;
  }
}

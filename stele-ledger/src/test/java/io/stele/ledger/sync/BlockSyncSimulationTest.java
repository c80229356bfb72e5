package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.node.FinalChain;
import io.stele.ledger.node.FollowerNode;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.sync.SyncMessages.Blocks;
import io.stele.ledger.sync.SyncMessages.CertifiedHeader;
import io.stele.ledger.sync.SyncMessages.Headers;
import io.stele.ledger.sync.SyncMessages.Range;
import io.stele.ledger.sync.SyncMessages.Status;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.Message;
import io.stele.net.PeerScores;
import io.stele.net.Transport;
import io.stele.net.TransportLimits;
import io.stele.net.Verdict;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.net.sim.SimulationSeed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block sync and transaction relay between a witness and followers on the deterministic simulated
 * network (delays, reordering), with real chain stores. A failure names its seed; {@code
 * -Dstele.sim.seed=N} replays it.
 */
class BlockSyncSimulationTest {
  private static final BlockSync.Settings SMALL = new BlockSync.Settings(8, 3, 2, 16, 2_000, 500);

  @TempDir Path dir;

  private final TestChains chain = TestChains.create(4);
  private final long seed = SimulationSeed.choose();
  private final SeededRng rng = new SeededRng(seed);
  private final ManualClock clock = new ManualClock(TestChains.START + 1_000);
  private final SimulatedNetwork net =
      new SimulatedNetwork(
          clock,
          rng,
          new LinkConditions(2, 40, 0, 0, true),
          TransportLimits.DEFAULT,
          PeerScores.Policy.DEFAULT);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final long[] nonces = new long[4];

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private SoloNode witness() {
    SoloNode node = SoloNode.open(dir.resolve("witness"), chain.genesis(), chain.witness(), clock);
    open.add(node);
    return node;
  }

  private NetworkedNode follower(String name, KeyPair key) {
    FollowerNode node = FollowerNode.open(dir.resolve(name), chain.genesis(), clock);
    NetworkedNode networked =
        NetworkedNode.follower(node, net.join(key.publicKey()), SMALL, PeerDetails.NONE);
    open.add(networked);
    return networked;
  }

  private static FinalChain chainOf(NetworkedNode node) {
    return ((FollowerNode) node.node()).chain();
  }

  private Transaction transfer(int from) {
    return new TransactionBuilder(
            TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(from))
        .transfer(chain.address((from + 1) % 4), 1_000 + from, nonces[from]++, clock.millis());
  }

  /** Blocks with a few transfers each, produced before anyone follows. */
  private void produce(SoloNode witness, int blocks) {
    for (int b = 0; b < blocks; b++) {
      for (int u = 0; u < 4; u++) {
        if ((b + u) % 3 == 0) {
          witness.submit(transfer(u).encoded().toArray());
        }
      }
      clock.advance(100);
      witness.produceBlock();
    }
  }

  private void run(long millis) {
    net.runUntil(clock.millis() + millis);
  }

  private String hint() {
    return SimulationSeed.replayHint(seed);
  }

  private void assertSameChain(FinalChain follower, FinalChain witness) {
    Block theirs = witness.head();
    assertThat(follower.head().height()).as(hint()).isEqualTo(theirs.height());
    assertThat(follower.head().hash()).as(hint()).isEqualTo(theirs.hash());
    assertThat(follower.state().root()).as(hint()).isEqualTo(theirs.header().stateRoot());
  }

  @Test
  void aNewFollowerSyncsHeadersThenBlocksAndThenFollowsAnnouncements() {
    SoloNode witness = witness();
    produce(witness, 40);
    NetworkedNode.witness(witness, net.join(chain.witness().publicKey()), PeerDetails.NONE);
    NetworkedNode follower = follower("follower", KeyPair.generate(rng));

    run(10_000);
    assertSameChain(chainOf(follower), witness.chain());
    assertThat(follower.progress().orElseThrow())
        .as(hint())
        .isEqualTo(new BlockSync.Progress(40, 40));

    for (int i = 0; i < 5; i++) {
      produce(witness, 1);
      run(200);
      assertSameChain(chainOf(follower), witness.chain());
    }
    assertThat(follower.status().path("lag").asLong()).as(hint()).isZero();
  }

  @Test
  void aFollowerAlsoSyncsFromAnotherFollower() {
    SoloNode witness = witness();
    produce(witness, 30);
    NetworkedNode.witness(witness, net.join(chain.witness().publicKey()), PeerDetails.NONE);
    KeyPair firstKey = KeyPair.generate(rng);
    NetworkedNode first = follower("first", firstKey);
    run(10_000);
    KeyPair secondKey = KeyPair.generate(rng);
    net.partition(List.of(Set.of(firstKey.publicKey(), secondKey.publicKey())));
    NetworkedNode second = follower("second", secondKey);
    run(10_000);
    assertSameChain(chainOf(first), witness.chain());
    assertSameChain(chainOf(second), witness.chain());
  }

  @Test
  void forgedAnswersAreReportedAndChangeNothingThenAnHonestPeerIsUsed() {
    SoloNode witness = witness();
    produce(witness, 12);
    KeyPair forgerKey = KeyPair.generate(rng);
    Transport forger = net.join(forgerKey.publicKey());
    forger.setHandler(new Forger(forger, witness.chain()));
    KeyPair followerKey = KeyPair.generate(rng);
    net.partition(List.of(Set.of(forgerKey.publicKey(), followerKey.publicKey())));
    NetworkedNode follower = follower("follower", followerKey);

    run(5_000);
    assertThat(chainOf(follower).head().height()).as(hint()).isZero();
    assertThat(follower.transport().stats().penalties()).as(hint()).isPositive();

    NetworkedNode.witness(witness, net.join(chain.witness().publicKey()), PeerDetails.NONE);
    net.heal();
    run(15_000);
    assertSameChain(chainOf(follower), witness.chain());
  }

  @Test
  void aTransactionSubmittedToAFollowerReachesTheWitnessAndComesBackFinal() {
    SoloNode witness = witness();
    NetworkedNode.witness(witness, net.join(chain.witness().publicKey()), PeerDetails.NONE);
    NetworkedNode follower = follower("follower", KeyPair.generate(rng));
    run(2_000);

    Transaction tx = transfer(2);
    follower.submit(tx.encoded().toArray());
    assertThat(follower.transaction(tx.id()).orElseThrow().path("status").asText())
        .isEqualTo("pending");
    run(500);
    assertThat(witness.transaction(tx.id()).orElseThrow().path("status").asText())
        .as(hint())
        .isEqualTo("pending");
    clock.advance(100);
    witness.produceBlock();
    run(500);
    assertThat(follower.transaction(tx.id()).orElseThrow().path("status").asText())
        .as(hint())
        .isEqualTo("final");
    assertThat(follower.status().path("mempool").path("transactions").asInt()).isZero();
  }

  @Test
  void aPeerRelayingAnInvalidTransactionLosesScoreAndItGoesNoFurther() {
    SoloNode witness = witness();
    Transport witnessTransport = net.join(chain.witness().publicKey());
    NetworkedNode.witness(witness, witnessTransport, PeerDetails.NONE);
    KeyPair rogueKey = KeyPair.generate(rng);
    Transport rogue = net.join(rogueKey.publicKey());
    rogue.setHandler((from, message, gossip) -> Verdict.IGNORE);
    KeyPair listenerKey = KeyPair.generate(rng);
    Transport listener = net.join(listenerKey.publicKey());
    List<Bytes> relayed = new ArrayList<>();
    listener.setHandler(
        (from, message, gossip) -> {
          if (message.type() == MessageTypes.TX_BATCH) {
            relayed.addAll(TransactionBatch.decode(message.body()).transactions());
          }
          return Verdict.IGNORE;
        });
    run(1_000);

    Transaction good = transfer(2);
    byte[] forged = transfer(1).encoded().toArray();
    forged[forged.length - 1] ^= 1; // the signature no longer verifies
    rogue.send(
        chain.witness().publicKey(),
        new TransactionBatch(false, List.of(Bytes.wrap(forged), good.encoded())).message());
    run(500);

    assertThat(witnessTransport.stats().penalties()).as(hint()).isEqualTo(1);
    assertThat(witness.status().path("mempool").path("transactions").asInt()).isEqualTo(1);
    assertThat(witness.transaction(good.id())).as(hint()).isPresent();
    assertThat(relayed).as(hint()).containsExactly(good.encoded());
  }

  /** Answers sync requests with the real chain's headers and blocks, each altered. */
  private static final class Forger implements Transport.Handler {
    private final Transport transport;
    private final FinalChain real;

    Forger(Transport transport, FinalChain real) {
      this.transport = transport;
      this.real = real;
    }

    @Override
    public Verdict onMessage(PublicKey from, Message message, boolean gossip) {
      switch (message.type()) {
        case MessageTypes.STATUS_REQUEST -> {
          Block head = real.head();
          transport.send(from, new Status(head.height(), head.hash()).message());
        }
        case MessageTypes.HEADERS_REQUEST -> {
          Range range = Range.decode(message.body(), SyncMessages.MAX_HEADERS);
          List<CertifiedHeader> out = new ArrayList<>();
          for (long h = range.from(); h < range.from() + range.count(); h++) {
            FinalChain.Certified c = real.certified(h).orElseThrow();
            FinalityCertificate cert = c.certificate();
            Bytes signature = cert.confirmations().get(0).signature();
            byte[] bad = signature.toArray();
            bad[0] ^= 1;
            out.add(
                new CertifiedHeader(
                    c.block().header(),
                    c.block().producerSignature(),
                    new FinalityCertificate(
                        cert.chainId(),
                        cert.height(),
                        cert.round(),
                        cert.headerHash(),
                        List.of(
                            new Confirmation(
                                cert.confirmations().get(0).witness(), Bytes.wrap(bad))))));
          }
          transport.send(from, new Headers(range.from(), out).message());
        }
        case MessageTypes.BLOCKS_REQUEST -> {
          Range range = Range.decode(message.body(), SyncMessages.MAX_BLOCKS);
          transport.send(from, new Blocks(range.from(), List.of()).message());
        }
        default -> {}
      }
      return Verdict.ACCEPT;
    }
  }
}

package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.sync.BlockSync;
import io.stele.ledger.sync.NetworkedNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.PeerScores;
import io.stele.net.TransportLimits;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.net.sim.SimulationSeed;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four witnesses whose mempools hold more than one peer message can carry, with a block count bound
 * (the devnet's 20,000) that would let all of it into one block: a proposal over the message limit
 * is never delivered, so every round at that height would fail. The producer cuts its block by
 * encoded bytes instead, and the chain goes on.
 */
class WitnessProposalSizeTest {
  private static final long START = 1_700_000_000_000L;
  private static final int MESSAGE_LIMIT = 2 << 20;
  private static final int TRANSACTIONS = 1_000; // about 3.4 MB of anchor transactions
  private static final BlockSync.Settings SMALL = new BlockSync.Settings(8, 4, 2, 64, 2_000, 500);

  /** Type tag, chain, height, round, valid round, proposer key and signature around the block. */
  private static final int PROPOSAL_ENVELOPE = 1 + 1 + 8 + 4 + 4 + 32 + 64;

  @TempDir Path dir;

  private final long seed = SimulationSeed.choose();
  private final ManualClock clock = new ManualClock(START + 1_000);
  private final SimulatedNetwork net =
      new SimulatedNetwork(
          clock,
          new SeededRng(seed),
          new LinkConditions(2, 30, 0, 0, true),
          new TransportLimits(MESSAGE_LIMIT, 1024, 16L << 20, 1 << 16),
          PeerScores.Policy.DEFAULT);
  private final Genesis.Devnet devnet = Genesis.devnet((byte) 'P', 4, START, new SeededRng(7));
  private final Genesis genesis = devnet.genesis();
  private final List<NetworkedNode> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(NetworkedNode::close);
  }

  private WitnessNode witness(int i) {
    return (WitnessNode) nodes.get(i).node();
  }

  /** Anchor transactions from witness 1's funded account, each with the most hashes allowed. */
  private List<Transaction> anchors() {
    TransactionBuilder builder =
        new TransactionBuilder(
            genesis.chainId(), genesis.parameters(), devnet.witnessKeys().get(1));
    return IntStream.range(0, TRANSACTIONS)
        .parallel()
        .mapToObj(
            n -> {
              List<Bytes> hashes = new ArrayList<>(Transaction.MAX_ANCHORS);
              for (int h = 0; h < Transaction.MAX_ANCHORS; h++) {
                hashes.add(Bytes.wrap(ByteBuffer.allocate(32).putInt(n).putInt(h).array()));
              }
              return builder.anchor(hashes, n, START + 1_000);
            })
        .toList();
  }

  @Test
  void aMempoolOfMoreThanOneMessageIsFinalizedInBlocksWhoseProposalsFit() {
    for (int i = 0; i < 4; i++) {
      KeyPair key = devnet.witnessKeys().get(i);
      Path signer = dir.resolve("w" + i).resolve("signer");
      WitnessNode.prepareSigner(signer);
      WitnessNode node =
          WitnessNode.open(
              dir.resolve("w" + i).resolve("chain"), signer, genesis, key, clock, MESSAGE_LIMIT);
      nodes.add(NetworkedNode.witness(node, net.join(key.publicKey()), SMALL, PeerDetails.NONE));
    }
    net.runUntil(clock.millis() + 3_000);
    String hint = SimulationSeed.replayHint(seed);
    long heightBefore = witness(0).finalHeight();

    List<Transaction> txs = anchors();
    long total = txs.stream().mapToLong(tx -> 4 + tx.encoded().length()).sum();
    assertThat(total).isGreaterThan(MESSAGE_LIMIT); // more than any one proposal can carry
    for (int i = 0; i < 4; i++) {
      for (Transaction tx : txs) {
        witness(i).submit(tx.encoded().toArray());
      }
    }
    net.runUntil(clock.millis() + 20_000);

    for (int i = 0; i < 4; i++) {
      for (Transaction tx : txs) {
        assertThat(witness(i).chain().isFinal(tx.id()))
            .as("%s final at witness %d; %s", tx.id(), i, hint)
            .isTrue();
      }
    }
    long height = witness(0).finalHeight();
    assertThat(height).as(hint).isGreaterThan(heightBefore + 1); // it took more than one block
    for (long h = heightBefore + 1; h <= height; h++) {
      Block block = witness(0).chain().certified(h).orElseThrow().block();
      assertThat(PROPOSAL_ENVELOPE + block.encode().length)
          .as("proposal of block %d; %s", h, hint)
          .isLessThanOrEqualTo(MESSAGE_LIMIT);
      for (int i = 1; i < 4; i++) {
        assertThat(witness(i).chain().certified(h).orElseThrow().block().hash())
            .as("witness %d at %d; %s", i, h, hint)
            .isEqualTo(block.hash());
      }
    }
  }
}

package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
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
 * Four witnesses on the simulated network while one of them is flooded with ten times what the
 * chain can take: its mempool fills to its byte bound and stays there, the excess is refused with
 * {@code mempool.full}, and the witnesses keep finalizing the same blocks. Anchor transactions with
 * the most hashes a transaction may carry reach the byte bound with the fewest signatures to check.
 */
class WitnessFloodTest {
  private static final long START = 1_700_000_000_000L;
  private static final int BLOCK_TRANSACTIONS = 50;
  private static final long STEP_MS = 200;
  private static final BlockSync.Settings SMALL = new BlockSync.Settings(8, 4, 2, 64, 2_000, 500);

  @TempDir Path dir;

  private final long seed = SimulationSeed.choose();
  private final ManualClock clock = new ManualClock(START + 1_000);
  private final SimulatedNetwork net =
      new SimulatedNetwork(
          clock,
          new SeededRng(seed),
          new LinkConditions(2, 30, 0, 0, true),
          TransportLimits.DEFAULT,
          PeerScores.Policy.DEFAULT);
  private final Genesis.Devnet devnet = Genesis.devnet((byte) 'F', 4, START, new SeededRng(7));
  private final Genesis genesis = withSmallBlocks(devnet.genesis());
  private final List<NetworkedNode> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(NetworkedNode::close);
  }

  /** Blocks of at most 50 transactions, one per t_w of 200 ms at best: 250 transactions/s. */
  private static Genesis withSmallBlocks(Genesis base) {
    Parameters d = base.parameters();
    Parameters small =
        new Parameters(
            d.blockIntervalMs(),
            d.fees(),
            d.candidateDeposit(),
            BLOCK_TRANSACTIONS,
            Transaction.MAX_ANCHORS,
            d.maxTransactionBytes(),
            d.maxTimestampDriftMs(),
            d.consensus());
    return new Genesis(
        base.chainId(),
        base.timestamp(),
        small,
        base.balances(),
        base.witnesses(),
        base.witnessDeposit());
  }

  private WitnessNode witness(int i) {
    return (WitnessNode) nodes.get(i).node();
  }

  /** Anchor transactions from witness 1's funded account, each with the most hashes allowed. */
  private byte[][] flood(int from, int count) {
    KeyPair sender = devnet.witnessKeys().get(1);
    TransactionBuilder builder =
        new TransactionBuilder(genesis.chainId(), genesis.parameters(), sender);
    byte[][] signed = new byte[count][];
    IntStream.range(0, count)
        .parallel()
        .forEach(
            k -> {
              int n = from + k;
              List<Bytes> hashes = new ArrayList<>(Transaction.MAX_ANCHORS);
              for (int h = 0; h < Transaction.MAX_ANCHORS; h++) {
                // Distinct 32-byte values; the ledger does not care how they were made.
                hashes.add(Bytes.wrap(ByteBuffer.allocate(32).putInt(n).putInt(h).array()));
              }
              signed[k] = builder.anchor(hashes, n, START + 1_000).encoded().toArray();
            });
    return signed;
  }

  @Test
  void aFloodOfTenTimesCapacityFillsTheMempoolToItsBoundAndFinalityContinues() {
    for (int i = 0; i < 4; i++) {
      KeyPair key = devnet.witnessKeys().get(i);
      Path signer = dir.resolve("w" + i).resolve("signer");
      WitnessNode.prepareSigner(signer);
      WitnessNode node =
          WitnessNode.open(
              dir.resolve("w" + i).resolve("chain"), signer, genesis, key, clock, 1 << 20);
      nodes.add(NetworkedNode.witness(node, net.join(key.publicKey()), SMALL, PeerDetails.NONE));
    }
    net.runUntil(clock.millis() + 3_000);
    String hint = SimulationSeed.replayHint(seed);
    long capacityPerStep = BLOCK_TRANSACTIONS * STEP_MS / 200; // at most one block per t_w
    int perStep = (int) (10 * capacityPerStep);
    long entry = Transaction.decode(flood(0, 1)[0]).size() + 256L; // encoding + bookkeeping
    int needed = (int) (WitnessNode.MEMPOOL_MAX_BYTES / entry);
    int steps = needed / perStep + 20; // fills it with room to spare, then ten steps full

    // Each step offers ten times what a block can take, from the lowest nonce not yet admitted:
    // a refused transaction is offered again next step, as a client that retries would.
    List<byte[]> signed = new ArrayList<>();
    long admitted = 0;
    int full = 0;
    int stepsFull = 0;
    long heightWhenFull = -1;
    long peakBytes = 0;
    for (int step = 0; step < steps && stepsFull < 10; step++) {
      int upTo = (int) admitted + perStep;
      if (signed.size() < upTo) {
        signed.addAll(List.of(flood(signed.size(), upTo - signed.size())));
      }
      boolean refused = false;
      for (int n = (int) admitted; n < upTo; n++) {
        try {
          witness(0).submit(signed.get(n));
          admitted++;
        } catch (SteleException e) {
          assertThat(e.code()).as(hint).isEqualTo("mempool.full");
          full += upTo - n; // the rest of this step would be refused alike: nothing drains here
          refused = true;
          break;
        }
      }
      if (refused) {
        stepsFull++;
        if (heightWhenFull < 0) {
          heightWhenFull = witness(0).finalHeight();
        }
      }
      net.runUntil(clock.millis() + STEP_MS);
      var mempool = witness(0).status().path("mempool");
      long bytes = mempool.path("bytes").asLong();
      assertThat(bytes).as(hint).isLessThanOrEqualTo(WitnessNode.MEMPOOL_MAX_BYTES);
      assertThat(mempool.path("transactions").asLong())
          .isLessThanOrEqualTo(WitnessNode.MEMPOOL_MAX_TRANSACTIONS);
      peakBytes = Math.max(peakBytes, bytes);
    }
    assertThat(stepsFull).as("steps with refusals; %s", hint).isEqualTo(10);
    assertThat(full).isGreaterThan(9 * perStep); // each full step refuses nearly all it offers
    // Full means within one block's worth of transactions of the byte bound.
    assertThat(peakBytes)
        .isGreaterThan(WitnessNode.MEMPOOL_MAX_BYTES - (BLOCK_TRANSACTIONS + 1) * entry);
    long finalHeight = witness(0).finalHeight();
    assertThat(finalHeight)
        .as("finality continues under the flood; %s", hint)
        .isGreaterThanOrEqualTo(heightWhenFull + 5);
    // What was admitted is either final or still pending: nothing piles up outside the bound.
    long pending = witness(0).status().path("mempool").path("transactions").asLong();
    assertThat(admitted).isEqualTo(countFinal(finalHeight) + pending);
    for (int i = 1; i < 4; i++) {
      long h = Math.min(finalHeight, witness(i).finalHeight());
      assertThat(h).as(hint).isGreaterThan(heightWhenFull);
      assertThat(witness(i).chain().certified(h).orElseThrow().block().hash())
          .as("witness %d at %d; %s", i, h, hint)
          .isEqualTo(witness(0).chain().certified(h).orElseThrow().block().hash());
    }
  }

  private long countFinal(long height) {
    long count = 0;
    for (long h = 1; h <= height; h++) {
      count += witness(0).chain().certified(h).orElseThrow().block().transactions().size();
    }
    return count;
  }
}

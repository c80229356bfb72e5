package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.FinalChain;
import io.stele.net.Message;
import io.stele.net.PeerScores;
import io.stele.net.Transport;
import io.stele.net.TransportLimits;
import io.stele.net.Verdict;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consensus message that arrives behind a flood of transaction batches is handled before the
 * batches' transactions are checked, and what waits for admission is bounded: under overload the
 * consensus engine is not starved by transaction relay.
 */
class RelayedAdmissionTest {
  private static final long START = 1_700_000_000_000L;
  private static final int BATCHES = 10;

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(START + 1_000);
  // Every message takes exactly 5 ms on a FIFO link: the whole flood arrives at one instant.
  private final SimulatedNetwork net =
      new SimulatedNetwork(
          clock,
          new SeededRng(3),
          new LinkConditions(5, 5, 0, 0, false),
          TransportLimits.DEFAULT,
          PeerScores.Policy.DEFAULT);
  private final Genesis genesis = Genesis.devnet((byte) 'R', 4, START, new SeededRng(7)).genesis();
  private FinalChain chain;

  @AfterEach
  void close() {
    if (chain != null) {
      chain.close();
    }
  }

  private static Bytes tx(int batch, int i) {
    return Bytes.wrap(ByteBuffer.allocate(8).putInt(batch).putInt(i).array());
  }

  @Test
  void aConsensusMessageBehindAFloodOfBatchesIsHandledFirstAndTheWaitingIsBounded() {
    KeyPair receiverKey = KeyPair.generate(new SeededRng(1));
    KeyPair senderKey = KeyPair.generate(new SeededRng(2));
    chain = FinalChain.open(dir.resolve("chain"), genesis, new Object(), receipts -> {});
    List<Bytes> admitted = new ArrayList<>();
    List<Integer> admittedWhenConsensusArrived = new ArrayList<>();
    Transport receiver = net.join(receiverKey.publicKey());
    new LedgerPeers(receiver, chain, bytes -> admitted.add(Bytes.of(bytes)), Optional.empty())
        .routeConsensus(
            new LedgerPeers.Consensus() {
              @Override
              public Verdict onMessage(PublicKey from, Message message) {
                admittedWhenConsensusArrived.add(admitted.size());
                return Verdict.ACCEPT;
              }

              @Override
              public void onPeerConnected(PublicKey peer) {}
            })
        .start();
    Transport sender = net.join(senderKey.publicKey());
    sender.setHandler((from, message, gossip) -> Verdict.IGNORE);
    net.runUntil(clock.millis() + 100);

    for (int b = 0; b < BATCHES; b++) {
      List<Bytes> txs = new ArrayList<>();
      for (int i = 0; i < TransactionBatch.MAX_TRANSACTIONS; i++) {
        txs.add(tx(b, i));
      }
      sender.send(receiverKey.publicKey(), new TransactionBatch(false, txs).message());
    }
    sender.send(
        receiverKey.publicKey(), Message.of(MessageTypes.CONSENSUS_FIRST, new byte[] {1, 2, 3}));
    net.runUntil(clock.millis() + 1_000);

    assertThat(admittedWhenConsensusArrived).containsExactly(0);
    // Four batches of 1,024 fill the bound; the six after them were dropped, the oldest kept.
    int kept = LedgerPeers.MAX_WAITING_TRANSACTIONS / TransactionBatch.MAX_TRANSACTIONS;
    assertThat(kept).isEqualTo(4);
    List<Bytes> expected = new ArrayList<>();
    for (int b = 0; b < kept; b++) {
      for (int i = 0; i < TransactionBatch.MAX_TRANSACTIONS; i++) {
        expected.add(tx(b, i));
      }
    }
    assertThat(admitted).containsExactlyElementsOf(expected);
  }

  @Test
  void onTheirOwnThreadRelayedTransactionsAreAdmittedOffTheTransportThreadInArrivalOrder()
      throws InterruptedException {
    KeyPair receiverKey = KeyPair.generate(new SeededRng(1));
    KeyPair senderKey = KeyPair.generate(new SeededRng(2));
    chain = FinalChain.open(dir.resolve("chain"), genesis, new Object(), receipts -> {});
    int count = 3 * TransactionBatch.MAX_TRANSACTIONS;
    List<Bytes> admitted = Collections.synchronizedList(new ArrayList<>());
    Set<String> admittingThreads = ConcurrentHashMap.newKeySet();
    CountDownLatch all = new CountDownLatch(count);
    Transport receiver = net.join(receiverKey.publicKey());
    LedgerPeers peers =
        new LedgerPeers(
                receiver,
                chain,
                bytes -> {
                  admittingThreads.add(Thread.currentThread().getName());
                  admitted.add(Bytes.of(bytes));
                  all.countDown();
                },
                Optional.empty())
            .admitOnOwnThread()
            .start();
    Transport sender = net.join(senderKey.publicKey());
    sender.setHandler((from, message, gossip) -> Verdict.IGNORE);
    net.runUntil(clock.millis() + 100);

    List<Bytes> sent = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      List<Bytes> txs = new ArrayList<>();
      for (int i = 0; i < TransactionBatch.MAX_TRANSACTIONS; i++) {
        txs.add(tx(b, i));
      }
      sent.addAll(txs);
      sender.send(receiverKey.publicKey(), new TransactionBatch(false, txs).message());
    }
    net.runUntil(clock.millis() + 1_000);
    assertThat(all.await(30, TimeUnit.SECONDS)).as("every relayed transaction admitted").isTrue();
    peers.close();

    assertThat(admittingThreads).containsExactly("stele-tx-admission");
    assertThat(admitted).containsExactlyElementsOf(sent);
  }
}

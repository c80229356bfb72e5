package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.net.Transport;
import io.stele.net.Verdict;
import io.stele.net.sim.SimulatedNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who a node relays which transactions to, in how many batches (on the simulated network). */
class TransactionRelayTest {
  private final SeededRng rng = new SeededRng(7);
  private final SimulatedNetwork net = new SimulatedNetwork(7);
  private final List<PublicKey> witnesses = new ArrayList<>();
  private final Map<PublicKey, List<TransactionBatch>> heard = new HashMap<>();
  private PublicKey relaying;
  private TransactionRelay relay;

  @BeforeEach
  void fourWitnesses() {
    for (int i = 0; i < 4; i++) {
      witnesses.add(KeyPair.generate(rng).publicKey());
    }
    relaying = witnesses.get(0);
  }

  /** Joins {@code keys} as listeners that record the batches they hear, then the relaying node. */
  private void join(List<PublicKey> keys) {
    for (PublicKey key : keys) {
      Transport t = net.join(key);
      heard.put(key, new ArrayList<>());
      t.setHandler(
          (from, message, gossip) -> {
            assertThat(from).isEqualTo(relaying);
            assertThat(message.type()).isEqualTo(MessageTypes.TX_BATCH);
            heard.get(key).add(TransactionBatch.decode(message.body()));
            return Verdict.IGNORE;
          });
    }
    Transport own = net.join(relaying);
    own.setHandler((from, message, gossip) -> Verdict.IGNORE);
    relay = new TransactionRelay(own, () -> Set.copyOf(witnesses));
    run();
  }

  private void run() {
    net.runUntil(net.clock().millis() + 1_000);
  }

  private static Bytes tx(int i) {
    return Bytes.of(new byte[] {(byte) i, 1, 2});
  }

  @Test
  void whatTheApiAdmittedGoesToEachPeerInOneBatchThatSaysTheWitnessesHaveIt() {
    PublicKey follower = KeyPair.generate(rng).publicKey();
    join(List.of(witnesses.get(1), witnesses.get(2), witnesses.get(3), follower));

    for (int i = 0; i < 3; i++) {
      relay.admittedLocally(tx(i));
    }
    run();

    for (PublicKey peer : heard.keySet()) {
      assertThat(heard.get(peer)).hasSize(1);
      assertThat(heard.get(peer).get(0).witnessesHaveIt()).isTrue();
      assertThat(heard.get(peer).get(0).transactions()).containsExactly(tx(0), tx(1), tx(2));
    }
  }

  @Test
  void whatWitnessesHaveGoesOnlyToFollowersAndNeverBackToItsSender() {
    PublicKey follower = KeyPair.generate(rng).publicKey();
    join(List.of(witnesses.get(1), witnesses.get(2), witnesses.get(3), follower));

    relay.admittedFrom(witnesses.get(1), tx(1), true);
    relay.admittedFrom(follower, tx(2), false);
    run();

    // tx(1): the witnesses have it; tx(2) came from the follower and reaches every witness now
    assertThat(heard.get(follower)).hasSize(1);
    assertThat(heard.get(follower).get(0).transactions()).containsExactly(tx(1));
    assertThat(heard.get(witnesses.get(1)).get(0).transactions()).containsExactly(tx(2));
    assertThat(heard.get(witnesses.get(1)).get(0).witnessesHaveIt()).isTrue();
    assertThat(heard.get(witnesses.get(2)).get(0).transactions()).containsExactly(tx(2));
    assertThat(heard.get(witnesses.get(3)).get(0).transactions()).containsExactly(tx(2));
  }

  @Test
  void aNodeThatDoesNotReachEveryWitnessSaysSoAndFloodsEveryOtherPeer() {
    join(List.of(witnesses.get(1), witnesses.get(2))); // witness 3 is not connected

    relay.admittedFrom(witnesses.get(1), tx(1), false);
    relay.admittedLocally(tx(2));
    run();

    assertThat(heard.get(witnesses.get(1))).hasSize(1);
    assertThat(heard.get(witnesses.get(1)).get(0).transactions()).containsExactly(tx(2));
    assertThat(heard.get(witnesses.get(2))).hasSize(1);
    assertThat(heard.get(witnesses.get(2)).get(0).witnessesHaveIt()).isFalse();
    assertThat(heard.get(witnesses.get(2)).get(0).transactions()).containsExactly(tx(1), tx(2));
  }

  @Test
  void batchesKeepAdmissionOrderWhenTheFlagChanges() {
    PublicKey follower = KeyPair.generate(rng).publicKey();
    join(List.of(witnesses.get(1), follower)); // witnesses 2 and 3 are not connected

    relay.admittedFrom(witnesses.get(1), tx(1), true);
    relay.admittedLocally(tx(2));
    relay.admittedFrom(witnesses.get(1), tx(3), true);
    run();

    List<TransactionBatch> batches = heard.get(follower);
    assertThat(batches)
        .extracting(TransactionBatch::witnessesHaveIt)
        .containsExactly(true, false, true);
    assertThat(batches.stream().flatMap(b -> b.transactions().stream()))
        .containsExactly(tx(1), tx(2), tx(3));
  }

  @Test
  void moreThanOneBatchHoldsGoesInSeveralInOrder() {
    join(List.of(witnesses.get(1), witnesses.get(2), witnesses.get(3)));

    int count = TransactionBatch.MAX_TRANSACTIONS + 10;
    List<Bytes> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Bytes tx = Bytes.of(new byte[] {(byte) (i >> 8), (byte) i});
      sent.add(tx);
      relay.admittedLocally(tx);
    }
    run();

    List<TransactionBatch> batches = heard.get(witnesses.get(1));
    assertThat(batches).hasSize(2);
    assertThat(batches.stream().flatMap(b -> b.transactions().stream()))
        .containsExactlyElementsOf(sent);
  }
}

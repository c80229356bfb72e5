package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.sync.MessageTypes;
import io.stele.ledger.sync.NetworkedNode;
import io.stele.ledger.sync.SyncMessages;
import io.stele.net.Transport;
import io.stele.net.Verdict;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.node.run.RunningNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stele status} of a node on a peer network: its peers, their scores and its lag. */
class StatusCommandTest {
  @TempDir Path dir;

  @Test
  void statusListsEachPeerWithAddressScoreAndFinalHeight() throws Exception {
    SeededRng rng = new SeededRng(8);
    Genesis.Devnet devnet = Genesis.devnet((byte) 'S', 1, 1_700_000_000_000L, rng);
    KeyPair witness = devnet.witnessKeys().get(0);
    ManualClock clock = new ManualClock(1_700_000_001_000L);
    SimulatedNetwork net = new SimulatedNetwork(1);
    SoloNode solo = SoloNode.open(dir.resolve("chain"), devnet.genesis(), witness, clock);
    solo.produceBlock();
    PublicKey peer = KeyPair.generate(rng).publicKey();
    NetworkedNode node =
        NetworkedNode.witness(
            solo,
            net.join(witness.publicKey()),
            new NetworkedNode.PeerDetails() {
              @Override
              public String address(PublicKey key) {
                return "10.0.0.9:9080";
              }

              @Override
              public int score(PublicKey key) {
                return -10;
              }
            });
    Transport other = net.join(peer);
    other.setHandler(
        (from, message, gossip) -> {
          if (message.type() == MessageTypes.STATUS_REQUEST) { // this peer claims height 7
            other.send(from, new SyncMessages.Status(7, Bytes.wrap(new byte[32])).message());
          }
          return Verdict.ACCEPT;
        });
    net.runUntil(500);

    try (RunningNode running = RunningNode.serve(node, devnet.genesis(), "127.0.0.1", 0)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          SteleCommand.execute(
              new PrintWriter(out), new PrintWriter(err), "status", "--node", running.apiUrl());
      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains("role: solo")
          .contains("lag: 6")
          .contains("peer: " + peer + " 10.0.0.9:9080 score -10 final 7");

      StringWriter json = new StringWriter();
      SteleCommand.execute(
          new PrintWriter(json),
          new PrintWriter(err),
          "status",
          "--json",
          "--node",
          running.apiUrl());
      JsonNode status = new ObjectMapper().readTree(json.toString());
      assertThat(status.path("bestPeerFinalHeight").asLong()).isEqualTo(7);
      assertThat(status.path("peers").get(0).path("publicKey").asText()).isEqualTo(peer.toString());
    }
  }
}

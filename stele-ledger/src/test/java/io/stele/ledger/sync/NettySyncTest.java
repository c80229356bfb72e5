package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.TestChains;
import io.stele.ledger.node.FollowerNode;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.tcp.NettyTransport;
import io.stele.net.tcp.TcpConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower syncs a witness's chain over real TCP on 127.0.0.1, then follows its new blocks. */
class NettySyncTest {
  @TempDir Path dir;

  @Test
  void aFollowerSyncsAndFollowsAWitnessOverTcp() throws Exception {
    TestChains chain = TestChains.create(2);
    SystemClock clock = new SystemClock();
    SeededRng rng = new SeededRng(11);
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    SoloNode solo = SoloNode.open(dir.resolve("w"), chain.genesis(), chain.witness(), clock);
    TransactionBuilder sender =
        new TransactionBuilder(
            TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0));
    for (int i = 0; i < 25; i++) {
      Transaction tx = sender.transfer(chain.address(1), 100 + i, i, clock.millis());
      solo.submit(tx.encoded().toArray());
      solo.produceBlock();
    }
    NettyTransport witnessTransport =
        NettyTransport.start(TcpConfig.of(TestChains.CHAIN, any), chain.witness(), rng, clock);
    try (NetworkedNode witness = NetworkedNode.witness(solo, witnessTransport, PeerDetails.NONE)) {
      KeyPair followerKey = KeyPair.generate(rng);
      NettyTransport followerTransport =
          NettyTransport.start(
              TcpConfig.of(TestChains.CHAIN, any)
                  .withDial(List.of(witnessTransport.localAddress())),
              followerKey,
              rng,
              clock);
      FollowerNode node = FollowerNode.open(dir.resolve("f"), chain.genesis(), clock);
      try (NetworkedNode follower =
          NetworkedNode.follower(
              node, followerTransport, BlockSync.Settings.DEFAULT, PeerDetails.NONE)) {
        await(() -> node.chain().head().height() == 25);
        assertThat(node.chain().head().hash()).isEqualTo(solo.chain().head().hash());

        solo.produceBlock();
        await(() -> node.chain().head().height() == 26);
        assertThat(node.chain().state().root()).isEqualTo(solo.chain().head().header().stateRoot());
        assertThat(follower.status().path("peers").get(0).path("publicKey").asText())
            .isEqualTo(chain.witness().publicKey().toString());
        assertThat(witness.status().path("peers").get(0).path("publicKey").asText())
            .isEqualTo(followerKey.publicKey().toString());
      }
    }
  }

  /** Waits for a condition that a working node reaches; a broken one times out the test. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("reached within 30 s").isTrue();
  }
}

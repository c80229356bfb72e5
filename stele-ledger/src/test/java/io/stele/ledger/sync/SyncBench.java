package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.address.Address;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.TestChains;
import io.stele.ledger.node.FollowerNode;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.tcp.NettyTransport;
import io.stele.net.tcp.TcpConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rough figure for block sync over TCP on 127.0.0.1: a witness produces blocks of transfers, then
 * a fresh follower syncs them (every signature checked, every block executed and committed). Off by
 * default: {@code ./mvnw -B -pl stele-ledger -am verify -Dtest=SyncBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dstele.sync.bench=true [-Dstele.sync.bench.blocks=N
 * -Dstele.sync.bench.transfers=M]}.
 */
@EnabledIfSystemProperty(named = "stele.sync.bench", matches = "true")
class SyncBench {
  private static final int BLOCKS = Integer.getInteger("stele.sync.bench.blocks", 500);
  private static final int TRANSFERS = Integer.getInteger("stele.sync.bench.transfers", 40);

  @TempDir Path dir;

  @Test
  void blocksAndTransfersSyncedPerSecond() throws Exception {
    TestChains chain = TestChains.create(TRANSFERS);
    SystemClock clock = new SystemClock();
    SeededRng rng = new SeededRng(3);
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    Address recipient = Address.of(KeyPair.generate(rng).publicKey(), TestChains.CHAIN);
    List<TransactionBuilder> senders = new ArrayList<>();
    chain
        .users()
        .forEach(
            u ->
                senders.add(
                    new TransactionBuilder(TestChains.CHAIN, chain.genesis().parameters(), u)));
    try (SoloNode solo = SoloNode.open(dir.resolve("w"), chain.genesis(), chain.witness(), clock)) {
      for (int b = 0; b < BLOCKS; b++) {
        for (int u = 0; u < TRANSFERS; u++) {
          solo.submit(senders.get(u).transfer(recipient, 1, b, clock.millis()).encoded().toArray());
        }
        solo.produceBlock();
      }
      NettyTransport witnessTransport =
          NettyTransport.start(TcpConfig.of(TestChains.CHAIN, any), chain.witness(), rng, clock);
      NetworkedNode.witness(solo, witnessTransport, PeerDetails.NONE);
      FollowerNode node = FollowerNode.open(dir.resolve("f"), chain.genesis(), clock);
      long start = System.nanoTime();
      try (NetworkedNode follower =
          NetworkedNode.follower(
              node,
              NettyTransport.start(
                  TcpConfig.of(TestChains.CHAIN, any)
                      .withDial(List.of(witnessTransport.localAddress())),
                  KeyPair.generate(rng),
                  rng,
                  clock),
              BlockSync.Settings.DEFAULT,
              PeerDetails.NONE)) {
        while (node.chain().head().height() < BLOCKS) {
          Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(node.chain().head().hash()).isEqualTo(solo.chain().head().hash());
        System.out.printf(
            "{\"blocks\": %d, \"transfers\": %d, \"seconds\": %.2f, \"blocksPerSecond\": %.0f,"
                + " \"transfersPerSecond\": %.0f}%n",
            BLOCKS, BLOCKS * TRANSFERS, seconds, BLOCKS / seconds, BLOCKS * TRANSFERS / seconds);
        assertThat(follower.status().path("lag").asLong()).isZero();
      } finally {
        witnessTransport.close();
      }
    }
  }
}

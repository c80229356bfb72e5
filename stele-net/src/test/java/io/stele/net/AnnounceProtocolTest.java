package io.stele.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SecureRng;
import io.stele.core.random.SeededRng;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.net.tcp.NettyTransport;
import io.stele.net.tcp.TcpConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * One small protocol written once against {@link Transport} and {@link Scheduler}, run on the
 * simulated network and on real sockets: each node announces itself by gossip when it first sees a
 * peer and again on a timer until it has heard from everyone, and counts who it heard from.
 */
class AnnounceProtocolTest {
  private static final int ANNOUNCE = 0x42;
  private static final long RETRY_MILLIS = 50;
  private static final int ROUNDS = 100;

  /** The protocol: no threads, no locks, only the transport and its scheduler. */
  static final class Announcer implements Transport.Handler {
    private final Transport transport;
    private final int expectedPeers;
    final Map<PublicKey, Integer> heard = new ConcurrentHashMap<>();
    private int rounds;

    Announcer(Transport transport, int expectedPeers) {
      this.transport = transport;
      this.expectedPeers = expectedPeers;
      transport.setHandler(this);
    }

    private Message announcement() {
      return Message.of(ANNOUNCE, transport.self().toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void announce() {
      transport.gossip(announcement());
      if (++rounds < ROUNDS) {
        transport.scheduler().schedule(RETRY_MILLIS, this::announce);
      }
    }

    @Override
    public void onPeerConnected(PublicKey peer) {
      if (rounds == 0) {
        announce();
      }
    }

    @Override
    public Verdict onMessage(PublicKey from, Message message, boolean gossip) {
      if (message.type() != ANNOUNCE) {
        return Verdict.REJECT;
      }
      PublicKey origin =
          PublicKey.fromBase58(new String(message.body().unsafeArray(), StandardCharsets.US_ASCII));
      heard.merge(origin, 1, Integer::sum);
      return Verdict.ACCEPT;
    }

    boolean complete() {
      return heard.size() == expectedPeers;
    }
  }

  private static List<KeyPair> keys(int count) {
    SeededRng rng = new SeededRng(11);
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(KeyPair.generate(rng));
    }
    return keys;
  }

  private static void assertEachHeardEachOtherOnce(List<KeyPair> keys, List<Announcer> nodes) {
    for (int i = 0; i < nodes.size(); i++) {
      assertThat(nodes.get(i).complete()).isTrue();
      for (int j = 0; j < nodes.size(); j++) {
        if (i != j) {
          assertThat(nodes.get(i).heard).containsEntry(keys.get(j).publicKey(), 1);
        }
      }
    }
  }

  @Test
  void runsOnTheSimulatedNetwork() {
    List<KeyPair> keys = keys(4);
    SimulatedNetwork net = new SimulatedNetwork(5);
    List<Announcer> nodes = new ArrayList<>();
    for (KeyPair key : keys) {
      nodes.add(new Announcer(net.join(key.publicKey()), keys.size() - 1));
    }
    net.runUntil(10_000);
    assertEachHeardEachOtherOnce(keys, nodes);
  }

  @Test
  void runsOnRealSockets() throws Exception {
    List<KeyPair> keys = keys(4);
    List<NettyTransport> transports = new ArrayList<>();
    List<Announcer> nodes = new ArrayList<>();
    try {
      for (KeyPair key : keys) {
        NettyTransport transport =
            NettyTransport.start(
                TcpConfig.of((byte) 'T', new InetSocketAddress("127.0.0.1", 0)),
                key,
                new SecureRng(),
                new SystemClock());
        nodes.add(new Announcer(transport, keys.size() - 1));
        for (NettyTransport earlier : transports) {
          transport.connect(earlier.localAddress());
        }
        transports.add(transport);
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!nodes.stream().allMatch(Announcer::complete) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEachHeardEachOtherOnce(keys, nodes);
    } finally {
      transports.forEach(NettyTransport::close);
    }
  }
}

package io.stele.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SecureRng;
import io.stele.core.random.SeededRng;
import io.stele.net.Recorder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dialing an address with the key expected there, and what a node knows about its peers. */
class PinnedPeerTest {
  private static final byte CHAIN = 'T';
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

  private final List<NettyTransport> started = new ArrayList<>();
  private final SeededRng keys = new SeededRng(5);

  @AfterEach
  void stop() {
    started.forEach(NettyTransport::close);
  }

  private NettyTransport start(KeyPair key, Recorder recorder) {
    NettyTransport transport =
        NettyTransport.start(
            TcpConfig.of(CHAIN, ANY_PORT), key, new SecureRng(), new SystemClock());
    transport.setHandler(recorder);
    started.add(transport);
    return transport;
  }

  @Test
  void theExpectedKeyConnectsAndShowsItsAddressAndScore() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    NettyTransport ta = start(a, new Recorder());
    NettyTransport tb = start(b, new Recorder());
    ta.connect(tb.localAddress(), b.publicKey());

    Await.until("connected", () -> ta.peers().contains(b.publicKey()));
    assertThat(ta.peerAddress(b.publicKey())).contains(tb.localAddress());
    assertThat(ta.peerScore(b.publicKey())).isZero();
    ta.reportInvalid(b.publicKey(), "test");
    assertThat(ta.peerScore(b.publicKey())).isEqualTo(-10);
  }

  @Test
  void anotherKeyAtAPinnedAddressIsClosed() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    KeyPair expected = KeyPair.generate(keys);
    Recorder atA = new Recorder();
    NettyTransport ta = start(a, atA);
    NettyTransport tb = start(b, new Recorder());
    ta.connect(tb.localAddress(), expected.publicKey());

    Await.until(
        "refused as unexpected", () -> ta.stats().closedFor("handshake.unexpected_key") > 0);
    assertThat(atA.connected).isEmpty();
    assertThat(ta.peers()).isEmpty();
    assertThat(ta.peerAddress(b.publicKey())).isEmpty();
  }
}

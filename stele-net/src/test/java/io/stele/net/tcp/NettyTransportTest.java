package io.stele.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SecureRng;
import io.stele.core.random.SeededRng;
import io.stele.net.Message;
import io.stele.net.PeerScores;
import io.stele.net.Recorder;
import io.stele.net.SendResult;
import io.stele.net.TransportLimits;
import io.stele.net.Verdict;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyTransportTest {
  private static final byte CHAIN = 'T';
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

  private final List<NettyTransport> started = new ArrayList<>();
  private final SeededRng keys = new SeededRng(42);

  @AfterEach
  void stop() {
    started.forEach(NettyTransport::close);
  }

  private NettyTransport start(KeyPair key, TcpConfig config, Recorder recorder) {
    NettyTransport transport =
        NettyTransport.start(config, key, new SecureRng(), new SystemClock());
    transport.setHandler(recorder);
    started.add(transport);
    return transport;
  }

  private NettyTransport start(KeyPair key, Recorder recorder) {
    return start(key, TcpConfig.of(CHAIN, ANY_PORT), recorder);
  }

  @Test
  void handshakeConnectsBothSidesAndMessagesFlow() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    Recorder atA = new Recorder();
    Recorder atB = new Recorder();
    NettyTransport ta = start(a, atA);
    NettyTransport tb = start(b, atB);
    ta.connect(tb.localAddress());

    Await.until(
        "both sides connected",
        () -> atA.connected.contains(b.publicKey()) && atB.connected.contains(a.publicKey()));
    assertThat(ta.peers()).containsExactly(b.publicKey());
    assertThat(tb.peers()).containsExactly(a.publicKey());

    Message ping = Message.of(7, new byte[] {1, 2, 3});
    assertThat(ta.send(b.publicKey(), ping)).isEqualTo(SendResult.QUEUED);
    Message pong = Message.of(8, new byte[0]);
    assertThat(tb.send(a.publicKey(), pong)).isEqualTo(SendResult.QUEUED);
    Await.until("messages delivered", () -> atB.messages.size() == 1 && atA.messages.size() == 1);
    assertThat(atB.messages.get(0)).isEqualTo(new Recorder.Received(a.publicKey(), ping, false));
    assertThat(atA.messages.get(0)).isEqualTo(new Recorder.Received(b.publicKey(), pong, false));
  }

  @Test
  void wrongChainIdIsRefusedByBothSides() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    NettyTransport ta = start(a, new Recorder());
    NettyTransport tb = start(b, TcpConfig.of((byte) 'L', ANY_PORT), new Recorder());
    ta.connect(tb.localAddress());

    Await.until(
        "chain id refusals",
        () ->
            ta.stats().closedFor("handshake.chain_id") > 0
                && tb.stats().closedFor("handshake.chain_id") > 0);
    assertThat(ta.peers()).isEmpty();
    assertThat(tb.peers()).isEmpty();
  }

  @Test
  void proofWithABadSignatureIsRefused() throws Exception {
    KeyPair node = KeyPair.generate(keys);
    KeyPair rogue = KeyPair.generate(keys);
    Recorder recorder = new Recorder();
    NettyTransport transport = start(node, recorder);

    try (RawPeer peer = new RawPeer(transport.localAddress())) {
      Handshake.Hello theirs = Handshake.Hello.decode(peer.readFrame());
      peer.writeFrame(new Handshake.Hello(1, CHAIN, rogue.publicKey(), challenge(1)).encode());
      assertThat(peer.readFrame()[0]).isEqualTo((byte) Frames.PROOF);
      byte[] proof = Handshake.proof(rogue, CHAIN, theirs);
      proof[10] ^= 1;
      peer.writeFrame(proof);
      assertThat(peer.closedByPeer()).isTrue();
    }
    Await.until(
        "bad signature counted", () -> transport.stats().closedFor("handshake.bad_signature") == 1);
    assertThat(transport.peers()).isEmpty();
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void proofSignedForAnotherChallengeIsRefused() throws Exception {
    KeyPair node = KeyPair.generate(keys);
    KeyPair rogue = KeyPair.generate(keys);
    NettyTransport transport = start(node, new Recorder());

    try (RawPeer peer = new RawPeer(transport.localAddress())) {
      Handshake.Hello theirs = Handshake.Hello.decode(peer.readFrame());
      peer.writeFrame(new Handshake.Hello(1, CHAIN, rogue.publicKey(), challenge(2)).encode());
      peer.readFrame();
      Handshake.Hello stale = new Handshake.Hello(1, CHAIN, theirs.key(), challenge(3));
      peer.writeFrame(Handshake.proof(rogue, CHAIN, stale));
      assertThat(peer.closedByPeer()).isTrue();
    }
    Await.until(
        "bad signature counted", () -> transport.stats().closedFor("handshake.bad_signature") == 1);
  }

  @Test
  void replayedHelloIsRefused() throws Exception {
    KeyPair node = KeyPair.generate(keys);
    KeyPair other = KeyPair.generate(keys);
    NettyTransport transport = start(node, new Recorder());
    byte[] hello = new Handshake.Hello(1, CHAIN, other.publicKey(), challenge(4)).encode();

    try (RawPeer first = new RawPeer(transport.localAddress())) {
      Handshake.Hello theirs = Handshake.Hello.decode(first.readFrame());
      first.writeFrame(hello);
      first.readFrame();
      first.writeFrame(Handshake.proof(other, CHAIN, theirs));
      Await.until("first connection open", () -> transport.peers().contains(other.publicKey()));
    }
    try (RawPeer replay = new RawPeer(transport.localAddress())) {
      replay.readFrame();
      replay.writeFrame(hello);
      assertThat(replay.closedByPeer()).isTrue();
    }
    Await.until("replay counted", () -> transport.stats().closedFor("handshake.replay") == 1);
  }

  @Test
  void keyOutsideTheAllowedListIsRefused() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    KeyPair someoneElse = KeyPair.generate(keys);
    NettyTransport ta =
        start(
            a,
            TcpConfig.of(CHAIN, ANY_PORT).withAllowed(Set.of(someoneElse.publicKey())),
            new Recorder());
    NettyTransport tb = start(b, new Recorder());
    tb.connect(ta.localAddress());

    Await.until("refusal counted", () -> ta.stats().closedFor("handshake.unknown_key") > 0);
    assertThat(ta.peers()).isEmpty();
  }

  @Test
  void oversizedFrameClosesTheConnectionBeforeItIsRead() throws Exception {
    KeyPair node = KeyPair.generate(keys);
    KeyPair other = KeyPair.generate(keys);
    NettyTransport transport =
        start(
            node,
            TcpConfig.of(CHAIN, ANY_PORT).withLimits(new TransportLimits(1024, 16, 1 << 20, 128)),
            new Recorder());

    try (RawPeer peer = new RawPeer(transport.localAddress())) {
      Handshake.Hello theirs = Handshake.Hello.decode(peer.readFrame());
      peer.writeFrame(new Handshake.Hello(1, CHAIN, other.publicKey(), challenge(5)).encode());
      peer.readFrame();
      peer.writeFrame(Handshake.proof(other, CHAIN, theirs));
      Await.until("connection open", () -> transport.peers().contains(other.publicKey()));
      // Announces 1 GiB but sends only the prefix: the node must refuse on the length alone.
      peer.writeRaw(new byte[] {0x40, 0, 0, 0, Frames.DIRECT});
      assertThat(peer.closedByPeer()).isTrue();
    }
    Await.until("oversize counted", () -> transport.stats().closedFor("net.frame_too_large") == 1);
    assertThat(transport.stats().penalties()).isEqualTo(1);
  }

  @Test
  void malformedFramesLowerTheScoreUntilThePeerIsBanned() throws Exception {
    KeyPair node = KeyPair.generate(keys);
    KeyPair other = KeyPair.generate(keys);
    NettyTransport transport = start(node, new Recorder());

    try (RawPeer peer = new RawPeer(transport.localAddress())) {
      Handshake.Hello theirs = Handshake.Hello.decode(peer.readFrame());
      peer.writeFrame(new Handshake.Hello(1, CHAIN, other.publicKey(), challenge(6)).encode());
      peer.readFrame();
      peer.writeFrame(Handshake.proof(other, CHAIN, theirs));
      Await.until("connection open", () -> transport.peers().contains(other.publicKey()));
      // Unknown kinds and a message without its type tag: 25 points each, banned at -100.
      peer.writeFrame(new byte[] {0x7F, 1});
      peer.writeFrame(new byte[] {Frames.DIRECT});
      peer.writeFrame(new byte[] {Frames.HELLO, 1});
      Await.until("three penalties", () -> transport.stats().penalties() == 3);
      assertThat(transport.peers()).containsExactly(other.publicKey());
      peer.writeFrame(new byte[] {Frames.GOSSIP});
      assertThat(peer.closedByPeer()).isTrue();
    }
    Await.until("ban counted", () -> transport.stats().closedFor("net.banned") == 1);
    assertThat(transport.stats().bans()).isEqualTo(1);
    assertThat(transport.peers()).isEmpty();
  }

  @Test
  void inboundConnectionsBeyondTheLimitAreClosedOnAccept() throws Exception {
    NettyTransport transport =
        start(
            KeyPair.generate(keys),
            TcpConfig.of(CHAIN, ANY_PORT).withMaxConnections(2),
            new Recorder());
    RawPeer first = new RawPeer(transport.localAddress());
    try (RawPeer second = new RawPeer(transport.localAddress())) {
      assertThat(first.readFrame()[0]).isEqualTo((byte) Frames.HELLO);
      assertThat(second.readFrame()[0]).isEqualTo((byte) Frames.HELLO);
      try (RawPeer third = new RawPeer(transport.localAddress())) {
        assertThat(third.closedByPeer()).isTrue();
      }
      first.close();
      Await.until(
          "a place is free again",
          () -> {
            try (RawPeer fourth = new RawPeer(transport.localAddress())) {
              return fourth.readFrame()[0] == Frames.HELLO;
            } catch (java.io.IOException e) {
              return false;
            }
          });
    } finally {
      first.close();
    }
    assertThat(transport.stats().closedFor("net.too_many_connections")).isPositive();
  }

  @Test
  void oversizedFrameDuringTheHandshakeClosesTheConnection() throws Exception {
    NettyTransport transport = start(KeyPair.generate(keys), new Recorder());
    try (RawPeer peer = new RawPeer(transport.localAddress())) {
      peer.readFrame();
      peer.writeRaw(new byte[] {0, 0, 1, 0});
      assertThat(peer.closedByPeer()).isTrue();
    }
    Await.until("oversize counted", () -> transport.stats().closedFor("net.frame_too_large") == 1);
  }

  @Test
  void sendOverTheSizeLimitIsRefusedAndCounted() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    TcpConfig small =
        TcpConfig.of(CHAIN, ANY_PORT).withLimits(new TransportLimits(100, 16, 1 << 20, 128));
    NettyTransport ta = start(a, small, new Recorder());
    NettyTransport tb = start(b, small, new Recorder());
    ta.connect(tb.localAddress());
    Await.until("connected", () -> ta.peers().contains(b.publicKey()));

    assertThat(ta.send(b.publicKey(), Message.of(1, new byte[100])))
        .isEqualTo(SendResult.TOO_LARGE);
    assertThat(ta.send(b.publicKey(), Message.of(1, new byte[99]))).isEqualTo(SendResult.QUEUED);
    assertThat(ta.gossip(Message.of(1, new byte[100]))).isZero();
    assertThat(ta.stats().tooLarge()).isEqualTo(2);
  }

  @Test
  void threeNodesGossipEachMessageToEachOtherNodeExactlyOnce() throws Exception {
    KeyPair[] pairs = {KeyPair.generate(keys), KeyPair.generate(keys), KeyPair.generate(keys)};
    Recorder[] recorders = {new Recorder(), new Recorder(), new Recorder()};
    NettyTransport[] nodes = new NettyTransport[3];
    for (int i = 0; i < 3; i++) {
      nodes[i] = start(pairs[i], recorders[i]);
    }
    nodes[0].connect(nodes[1].localAddress());
    nodes[0].connect(nodes[2].localAddress());
    nodes[1].connect(nodes[2].localAddress());
    Await.until(
        "full mesh",
        () ->
            nodes[0].peers().size() == 2
                && nodes[1].peers().size() == 2
                && nodes[2].peers().size() == 2);

    Message[] originals = new Message[3];
    for (int i = 0; i < 3; i++) {
      originals[i] =
          Message.of(3, ("block from node " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(nodes[i].gossip(originals[i])).isEqualTo(2);
    }
    // In a triangle each message reaches each of the two other nodes twice (directly and
    // forwarded by the third): one delivery and one duplicate each, six duplicates in all.
    Await.until(
        "all copies arrived",
        () ->
            nodes[0].stats().duplicates()
                    + nodes[1].stats().duplicates()
                    + nodes[2].stats().duplicates()
                == 6);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(recorders[i].count(originals[j])).isEqualTo(i == j ? 0 : 1);
      }
      assertThat(recorders[i].messages).hasSize(2).allMatch(Recorder.Received::gossip);
    }
  }

  @Test
  void nodesDialingEachOtherKeepOneConnection() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    Recorder atB = new Recorder();
    NettyTransport ta = start(a, new Recorder());
    NettyTransport tb = start(b, atB);
    ta.connect(tb.localAddress());
    tb.connect(ta.localAddress());

    // Either the second connection is never made (a dialer parks once its peer is connected),
    // or both are and each end closes the one not dialed by the smaller key; which end finishes
    // its handshake first is a matter of timing, so only the outcome is asserted: one socket
    // left on each end (no duplicate kept open), one peer each, and messages flow. A message sent
    // while a duplicate is being closed may go down
    // with it, so it is sent again until it arrives.
    Message message = Message.of(4, new byte[] {4});
    Await.until(
        "delivered",
        () -> ta.send(b.publicKey(), message) == SendResult.QUEUED && atB.count(message) >= 1);
    Await.until(
        "one connection each way",
        () ->
            ta.openChannels() == 1
                && tb.openChannels() == 1
                && ta.peers().equals(Set.of(b.publicKey()))
                && tb.peers().equals(Set.of(a.publicKey())));
  }

  @Test
  void droppedConnectionIsRedialed() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    Recorder atA = new Recorder();
    NettyTransport ta = start(a, atA);
    NettyTransport tb = start(b, new Recorder());
    InetSocketAddress address = tb.localAddress();
    ta.connect(address);
    Await.until("connected", () -> atA.connected.contains(b.publicKey()));

    tb.close();
    Await.until("disconnect seen", () -> !atA.connected.contains(b.publicKey()));
    Recorder atRestartedB = new Recorder();
    NettyTransport restarted = start(b, TcpConfig.of(CHAIN, address), atRestartedB);
    Await.until("reconnected", () -> atA.connected.contains(b.publicKey()));

    assertThat(atA.events)
        .containsExactly("up " + b.publicKey(), "down " + b.publicKey(), "up " + b.publicKey());
    Message after = Message.of(2, new byte[] {9});
    assertThat(ta.send(b.publicKey(), after)).isEqualTo(SendResult.QUEUED);
    Await.until("delivered after reconnect", () -> atRestartedB.count(after) == 1);
    assertThat(restarted.peers()).containsExactly(a.publicKey());
  }

  @Test
  void peerWhoseMessagesAreRejectedIsBannedAndRefused() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    Recorder rejecting = new Recorder().answering(Verdict.REJECT);
    TcpConfig strict =
        TcpConfig.of(CHAIN, ANY_PORT).withScoring(new PeerScores.Policy(-30, 60_000));
    NettyTransport ta = start(a, strict, rejecting);
    NettyTransport tb = start(b, new Recorder());
    tb.connect(ta.localAddress());
    Await.until("connected", () -> tb.peers().contains(a.publicKey()));

    // Three rejected messages cost 3 x 10 points: the threshold of -30 is reached.
    for (int i = 0; i < 3; i++) {
      tb.send(a.publicKey(), Message.of(1, new byte[] {(byte) i}));
    }
    Await.until("banned", () -> ta.stats().bans() == 1 && ta.peers().isEmpty());
    // b keeps redialing; a refuses it for the length of the ban.
    Await.until("redial refused", () -> ta.stats().closedFor("net.banned") >= 2);
    assertThat(rejecting.messages).hasSize(3);
    assertThat(ta.peers()).isEmpty();
  }

  @Test
  void timersRunOnTheThreadThatRunsTheHandler() throws Exception {
    KeyPair a = KeyPair.generate(keys);
    KeyPair b = KeyPair.generate(keys);
    List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    NettyTransport tb = start(b, new Recorder());
    NettyTransport ta =
        NettyTransport.start(TcpConfig.of(CHAIN, ANY_PORT), a, new SecureRng(), new SystemClock());
    started.add(ta);
    ta.setHandler(
        (from, message, gossip) -> {
          threads.add(Thread.currentThread());
          return Verdict.ACCEPT;
        });
    ta.connect(tb.localAddress());
    Await.until("connected", () -> tb.peers().contains(a.publicKey()));
    tb.send(a.publicKey(), Message.of(1, new byte[0]));
    ta.scheduler().schedule(1, () -> threads.add(Thread.currentThread()));

    Await.until("both ran", () -> threads.size() == 2);
    assertThat(threads.get(0)).isSameAs(threads.get(1));
    assertThat(threads.get(0).getName()).startsWith("stele-net-inbound");
  }

  private static Bytes challenge(int seed) {
    byte[] bytes = new byte[32];
    new SeededRng(seed).nextBytes(bytes);
    return Bytes.wrap(bytes);
  }
}

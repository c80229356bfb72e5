package io.stele.net.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.net.Inbound;
import io.stele.net.Message;
import io.stele.net.PeerScores;
import io.stele.net.Scheduler;
import io.stele.net.SeenMessages;
import io.stele.net.SendResult;
import io.stele.net.Transport;
import io.stele.net.TransportCounters;
import io.stele.net.TransportStats;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Transport} over TCP with Netty: listens on one address, dials the configured peers
 * (and redials them with backoff), authenticates every connection with the {@link Handshake}, and
 * keeps at most one connection per peer key. One I/O thread moves bytes; one inbound thread runs
 * the node's handler and its {@link #scheduler()} timers.
 */
public final class NettyTransport implements Transport, Inbound.Links {

  /** Challenges remembered to detect a replayed hello. */
  private static final int REMEMBERED_CHALLENGES = 4096;

  private final TcpConfig config;
  private final KeyPair keyPair;
  private final Rng rng;
  private final TransportCounters counters = new TransportCounters();
  private final PeerScores scores;
  private final SeenMessages challenges = new SeenMessages(REMEMBERED_CHALLENGES);
  private final Inbound inbound;
  private final EventLoopGroup io;
  private final DefaultEventLoop inboundLoop;
  private final EventLoopScheduler scheduler;
  private final Map<PublicKey, Connection> connections = new ConcurrentHashMap<>();
  private final List<Dialer> dialers = new CopyOnWriteArrayList<>();
  private final AtomicInteger openChannels = new AtomicInteger();
  private final Channel server;
  private volatile boolean closed;

  private NettyTransport(TcpConfig config, KeyPair keyPair, Rng rng, Clock clock) {
    this.config = config;
    this.keyPair = keyPair;
    this.rng = rng;
    this.scores = new PeerScores(config.scoring(), clock);
    this.inbound =
        new Inbound(new SeenMessages(config.limits().seenMessages()), scores, counters, this);
    this.io = new NioEventLoopGroup(1, new DefaultThreadFactory("stele-net-io", true));
    this.inboundLoop = new DefaultEventLoop(new DefaultThreadFactory("stele-net-inbound", true));
    this.scheduler = new EventLoopScheduler(inboundLoop, clock);
    ChannelFuture bound =
        new ServerBootstrap()
            .group(io)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(pipeline(null))
            .bind(config.listen())
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutdownThreads();
      throw new SteleException(
          "net.bind", "cannot listen on " + config.listen() + ": " + bound.cause().getMessage());
    }
    this.server = bound.channel();
  }

  /**
   * Listens on {@code config.listen()} and starts dialing {@code config.dial()}. {@code rng} makes
   * the handshake challenges ({@code SecureRng} in production); {@code clock} times bans.
   */
  public static NettyTransport start(TcpConfig config, KeyPair keyPair, Rng rng, Clock clock) {
    NettyTransport transport = new NettyTransport(config, keyPair, rng, clock);
    config.dial().forEach(transport::connect);
    return transport;
  }

  /** The address actually bound (useful with port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Adds a peer address to dial now and keep connected. */
  public void connect(InetSocketAddress address) {
    connect(address, null);
  }

  /**
   * Adds a peer address to dial now and keep connected, where only the node with key {@code
   * expected} is accepted (null: any key); another key there is closed with {@code
   * handshake.unexpected_key} and the address is redialed with backoff.
   */
  public void connect(InetSocketAddress address, PublicKey expected) {
    Dialer dialer =
        new Dialer(
            address,
            expected,
            config.timeouts().reconnectMinMillis(),
            config.timeouts().reconnectMaxMillis());
    dialers.add(dialer);
    dial(dialer);
  }

  private ChannelInitializer<SocketChannel> pipeline(Dialer dialer) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        if (dialer == null && openChannels.get() >= config.maxConnections()) {
          counters.closed("net.too_many_connections");
          channel.close();
          return;
        }
        openChannels.incrementAndGet();
        channel.closeFuture().addListener(closed -> openChannels.decrementAndGet());
        FrameDecoder decoder = new FrameDecoder();
        // Batches the flush of many small messages into fewer system calls.
        channel
            .pipeline()
            .addLast(
                new FlushConsolidationHandler(256, true),
                decoder,
                new Connection(NettyTransport.this, decoder, dialer));
      }
    };
  }

  private void dial(Dialer dialer) {
    if (closed) {
      return;
    }
    new Bootstrap()
        .group(io)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.timeouts().handshakeMillis())
        .handler(pipeline(dialer))
        .connect(dialer.address)
        .addListener(
            done -> {
              if (!done.isSuccess()) {
                redial(dialer);
              }
            });
  }

  private void redial(Dialer dialer) {
    if (closed || io.isShuttingDown() || dialer.parkIfConnected(connections::containsKey)) {
      return;
    }
    long wait;
    synchronized (rng) {
      wait = dialer.nextDelay(rng.nextLong());
    }
    io.schedule(() -> dial(dialer), wait, TimeUnit.MILLISECONDS);
  }

  // ---- called by Connection -------------------------------------------------------------

  TcpConfig config() {
    return config;
  }

  KeyPair keyPair() {
    return keyPair;
  }

  TransportCounters counters() {
    return counters;
  }

  /** A hello with a fresh challenge. */
  Handshake.Hello hello() {
    byte[] challenge = new byte[Handshake.CHALLENGE_LENGTH];
    synchronized (rng) {
      rng.nextBytes(challenge);
    }
    return new Handshake.Hello(
        Handshake.VERSION, config.chainId(), keyPair.publicKey(), Bytes.wrap(challenge));
  }

  /** Checks the other side's hello before answering it; throws the reason to refuse. */
  void admit(Handshake.Hello theirs) {
    if (theirs.chainId() != config.chainId()) {
      throw new SteleException(
          "handshake.chain_id",
          "peer is on chain "
              + (theirs.chainId() & 0xFF)
              + ", this node on "
              + (config.chainId() & 0xFF));
    }
    if (theirs.key().equals(keyPair.publicKey())) {
      throw new SteleException("handshake.self", "connected to itself");
    }
    if (!config.allowed().isEmpty() && !config.allowed().contains(theirs.key())) {
      throw new SteleException("handshake.unknown_key", "key " + theirs.key() + " is not allowed");
    }
    if (scores.isBanned(theirs.key())) {
      throw new SteleException("net.banned", "key " + theirs.key() + " is banned for now");
    }
    if (!challenges.add(theirs.challenge())) {
      throw new SteleException("handshake.replay", "challenge already used: replayed hello");
    }
  }

  /**
   * A connection finished its handshake. Keeps one connection per peer: of two, the one dialed by
   * the smaller key wins, so both ends pick the same one.
   */
  void established(Connection connection) {
    PublicKey peer = connection.peer();
    Dialer dialer = connection.dialer();
    if (dialer != null && dialer.expected != null && !dialer.expected.equals(peer)) {
      connection.close(
          "handshake.unexpected_key",
          "expected " + dialer.expected + " at " + dialer.address + ", found " + peer);
      return;
    }
    if (dialer != null) {
      dialer.connected(peer);
    }
    Connection replaced;
    synchronized (connections) {
      if (closed) {
        connection.close("net.shutdown", "transport closing");
        return;
      }
      replaced = connections.get(peer);
      if (replaced != null && !preferred(connection, replaced)) {
        connection.close("net.duplicate", "already connected to " + peer);
        return;
      }
      connections.put(peer, connection);
    }
    if (replaced != null) {
      replaced.closeLater("net.duplicate", "replaced by the preferred connection to " + peer);
    } else {
      inboundLoop.execute(() -> inbound.peerConnected(peer));
    }
  }

  private boolean preferred(Connection candidate, Connection existing) {
    PublicKey self = keyPair.publicKey();
    PublicKey peer = candidate.peer();
    PublicKey winner = self.compareTo(peer) < 0 ? self : peer;
    PublicKey candidateDialer = candidate.outbound() ? self : peer;
    PublicKey existingDialer = existing.outbound() ? self : peer;
    return candidateDialer.equals(winner) && !existingDialer.equals(winner);
  }

  /** A frame from an authenticated peer. Runs on the I/O thread. */
  void receive(Connection connection, byte[] frame) {
    int kind = frame[0] & 0xFF;
    PublicKey peer = connection.peer();
    if ((kind != Frames.DIRECT && kind != Frames.GOSSIP) || frame.length < 2) {
      inbound.penalize(
          peer,
          PeerScores.Offence.MALFORMED_FRAME,
          "frame kind " + kind + " of " + frame.length + " bytes");
      return;
    }
    Message message = Message.fromPayload(frame, 1, frame.length - 1);
    connection.inboundQueued(message);
    inboundLoop.execute(
        () -> {
          try {
            inbound.deliver(peer, message, kind == Frames.GOSSIP);
          } finally {
            connection.inboundDone(message);
          }
        });
  }

  /** An authenticated peer sent a frame over the limit. */
  void oversized(Connection connection) {
    inbound.penalize(connection.peer(), PeerScores.Offence.OVERSIZED_FRAME, "oversized frame");
  }

  /** A channel closed; {@code wasOpen} if it had finished its handshake. */
  void closed(Connection connection, boolean wasOpen) {
    if (wasOpen) {
      PublicKey peer = connection.peer();
      if (connections.remove(peer, connection)) {
        inboundLoop.execute(() -> inbound.peerDisconnected(peer));
        for (Dialer dialer : dialers) {
          if (dialer.unpark(peer)) {
            redial(dialer);
          }
        }
      }
    }
    if (connection.dialer() != null) {
      redial(connection.dialer());
    }
  }

  // ---- Transport ----------------------------------------------------------------------

  @Override
  public PublicKey self() {
    return keyPair.publicKey();
  }

  @Override
  public void setHandler(Handler handler) {
    inbound.setHandler(handler);
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public SendResult send(PublicKey peer, Message message) {
    if (closed) {
      return SendResult.CLOSED;
    }
    if (message.size() > config.limits().maxMessageBytes()) {
      counters.tooLarge();
      return SendResult.TOO_LARGE;
    }
    Connection connection = connections.get(peer);
    if (connection == null || !connection.open()) {
      return SendResult.NOT_CONNECTED;
    }
    return connection.write(Frames.DIRECT, message);
  }

  @Override
  public int gossip(Message message) {
    if (closed) {
      return 0;
    }
    if (message.size() > config.limits().maxMessageBytes()) {
      counters.tooLarge();
      return 0;
    }
    inbound.originated(message);
    return spread(null, message);
  }

  @Override
  public void forward(PublicKey except, Message message) {
    spread(except, message);
  }

  private int spread(PublicKey except, Message message) {
    int queued = 0;
    for (Map.Entry<PublicKey, Connection> entry : connections.entrySet()) {
      if (!entry.getKey().equals(except)
          && entry.getValue().open()
          && entry.getValue().write(Frames.GOSSIP, message) == SendResult.QUEUED) {
        queued++;
      }
    }
    return queued;
  }

  @Override
  public void disconnect(PublicKey peer, String reason) {
    Connection connection = connections.get(peer);
    if (connection != null) {
      connection.closeLater(reason, "score fell under the threshold");
    }
  }

  /**
   * Sockets open now, inbound and outbound, handshaking or not (what the connection limit counts).
   */
  int openChannels() {
    return openChannels.get();
  }

  @Override
  public Set<PublicKey> peers() {
    Set<PublicKey> open = new HashSet<>();
    connections.forEach(
        (peer, connection) -> {
          if (connection.open()) {
            open.add(peer);
          }
        });
    return Collections.unmodifiableSet(open);
  }

  /** The address of the connection to {@code peer} as the socket sees it, if connected. */
  public Optional<InetSocketAddress> peerAddress(PublicKey peer) {
    Connection connection = connections.get(peer);
    return connection == null || !connection.open()
        ? Optional.empty()
        : Optional.ofNullable(connection.remoteAddress());
  }

  /** The peer's score: 0 when clean, lower after each offence (see {@link PeerScores}). */
  public int peerScore(PublicKey peer) {
    return scores.score(peer);
  }

  @Override
  public void reportInvalid(PublicKey peer, String reason) {
    inbound.penalize(peer, PeerScores.Offence.INVALID_MESSAGE, reason);
  }

  @Override
  public TransportStats stats() {
    return counters.snapshot();
  }

  @Override
  public void close() {
    synchronized (connections) {
      if (closed) {
        return;
      }
      closed = true;
    }
    server.close().awaitUninterruptibly();
    connections.values().forEach(c -> c.closeLater("net.shutdown", "transport closing"));
    shutdownThreads();
  }

  private void shutdownThreads() {
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    inboundLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}

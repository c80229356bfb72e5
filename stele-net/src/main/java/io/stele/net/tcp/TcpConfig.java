package io.stele.net.tcp;

import io.stele.core.crypto.PublicKey;
import io.stele.net.PeerScores;
import io.stele.net.TransportLimits;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * Settings of a {@link NettyTransport}. Start from {@link #of} and change what differs with the
 * {@code with...} methods.
 *
 * @param chainId the network's chain id: peers on another chain are refused
 * @param listen the address to accept connections on (port 0 picks a free port)
 * @param dial peer addresses to connect to and keep connected
 * @param allowed the only peer keys accepted, or empty to accept any key
 * @param maxConnections connections open at once; inbound ones beyond it are closed on accept
 * @param limits message size, queue and gossip memory limits
 * @param scoring when to ban a misbehaving peer, and for how long
 * @param timeouts handshake time limit and redial backoff
 */
public record TcpConfig(
    byte chainId,
    InetSocketAddress listen,
    List<InetSocketAddress> dial,
    Set<PublicKey> allowed,
    int maxConnections,
    TransportLimits limits,
    PeerScores.Policy scoring,
    Timeouts timeouts) {

  /**
   * @param handshakeMillis time allowed for the handshake (and for a TCP connect) before closing
   * @param reconnectMinMillis first wait before redialing a lost peer
   * @param reconnectMaxMillis longest wait between redials
   */
  public record Timeouts(long handshakeMillis, long reconnectMinMillis, long reconnectMaxMillis) {
    /** 5 s handshake, redial from 100 ms up to 10 s. */
    public static final Timeouts DEFAULT = new Timeouts(5_000, 100, 10_000);

    public Timeouts {
      if (handshakeMillis < 1 || handshakeMillis > Integer.MAX_VALUE || reconnectMinMillis < 1) {
        throw new IllegalArgumentException(
            "timeouts must be positive: " + handshakeMillis + ", " + reconnectMinMillis);
      }
      if (reconnectMaxMillis < reconnectMinMillis) {
        throw new IllegalArgumentException("reconnectMaxMillis is below reconnectMinMillis");
      }
    }
  }

  public TcpConfig {
    dial = List.copyOf(dial);
    allowed = Set.copyOf(allowed);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
  }

  /** No peers to dial, any key allowed, 128 connections, default limits, scoring and timeouts. */
  public static TcpConfig of(byte chainId, InetSocketAddress listen) {
    return new TcpConfig(
        chainId,
        listen,
        List.of(),
        Set.of(),
        128,
        TransportLimits.DEFAULT,
        PeerScores.Policy.DEFAULT,
        Timeouts.DEFAULT);
  }

  public TcpConfig withDial(List<InetSocketAddress> peers) {
    return new TcpConfig(
        chainId, listen, peers, allowed, maxConnections, limits, scoring, timeouts);
  }

  public TcpConfig withAllowed(Set<PublicKey> keys) {
    return new TcpConfig(chainId, listen, dial, keys, maxConnections, limits, scoring, timeouts);
  }

  public TcpConfig withMaxConnections(int max) {
    return new TcpConfig(chainId, listen, dial, allowed, max, limits, scoring, timeouts);
  }

  public TcpConfig withLimits(TransportLimits newLimits) {
    return new TcpConfig(
        chainId, listen, dial, allowed, maxConnections, newLimits, scoring, timeouts);
  }

  public TcpConfig withScoring(PeerScores.Policy policy) {
    return new TcpConfig(chainId, listen, dial, allowed, maxConnections, limits, policy, timeouts);
  }

  public TcpConfig withTimeouts(Timeouts newTimeouts) {
    return new TcpConfig(
        chainId, listen, dial, allowed, maxConnections, limits, scoring, newTimeouts);
  }
}

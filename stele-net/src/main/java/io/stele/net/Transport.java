package io.stele.net;

import io.stele.core.crypto.PublicKey;
import java.util.Set;

/**
 * A node's view of its peers, each identified by its Ed25519 public key. Sending is asynchronous
 * and never blocks; what arrives goes to the one {@link Handler} the node registers, called on a
 * single inbound thread per node (the thread of {@link #scheduler()}), in order per peer.
 *
 * <p>Two ways to send: {@link #send} to one peer, and {@link #gossip} to every peer, which each
 * receiver forwards once its handler accepts the message, de-duplicated by {@link Message#id()}.
 */
public interface Transport extends AutoCloseable {

  /** Receives messages and peer changes for a node. */
  interface Handler {
    /**
     * A message from an authenticated peer. For gossip, {@link Verdict#ACCEPT} forwards it; for
     * both kinds {@link Verdict#REJECT} lowers the sender's score.
     */
    Verdict onMessage(PublicKey from, Message message, boolean gossip);

    /** An authenticated connection to {@code peer} is up. */
    default void onPeerConnected(PublicKey peer) {}

    /** The connection to {@code peer} is gone (closed, crashed, partitioned or banned). */
    default void onPeerDisconnected(PublicKey peer) {}
  }

  /** This node's key. */
  PublicKey self();

  /** Registers the handler; call once, before messages are expected. */
  void setHandler(Handler handler);

  /** Timers that run on the handler's thread. */
  Scheduler scheduler();

  /** Queues {@code message} for one peer; never blocks. */
  SendResult send(PublicKey peer, Message message);

  /**
   * Sends {@code message} to every connected peer as gossip and remembers its id, so copies that
   * come back are not delivered to this node. Returns how many peers it was queued for.
   */
  int gossip(Message message);

  /** The peers with an authenticated connection now. */
  Set<PublicKey> peers();

  /**
   * Tells the transport that {@code peer} sent something the node found invalid after the fact (for
   * example a block that failed validation later): the peer's score drops.
   */
  void reportInvalid(PublicKey peer, String reason);

  /** Counters since start. */
  TransportStats stats();

  /** Stops sending, receiving and timers. */
  @Override
  void close();
}

package io.stele.net;

import io.stele.core.crypto.PublicKey;
import io.stele.net.PeerScores.Offence;
import java.lang.System.Logger.Level;

/**
 * The receiving half that every transport shares: de-duplicates gossip, calls the node's handler,
 * applies its verdict (forward, ignore, or penalise) and bans peers whose score runs out. Called
 * only on the node's inbound thread.
 */
public final class Inbound {
  private static final System.Logger LOG = System.getLogger(Inbound.class.getName());

  /** What {@link Inbound} needs from the transport it serves. */
  public interface Links {
    /** Sends gossip on to every connected peer except {@code except}. */
    void forward(PublicKey except, Message message);

    /** Closes the connection to a banned peer. */
    void disconnect(PublicKey peer, String reason);
  }

  private final SeenMessages seen;
  private final PeerScores scores;
  private final TransportCounters counters;
  private final Links links;
  private volatile Transport.Handler handler;

  public Inbound(SeenMessages seen, PeerScores scores, TransportCounters counters, Links links) {
    this.seen = seen;
    this.scores = scores;
    this.counters = counters;
    this.links = links;
  }

  public void setHandler(Transport.Handler handler) {
    if (this.handler != null) {
      throw new IllegalStateException("the handler is already set");
    }
    this.handler = handler;
  }

  /** Remembers a gossip message this node originates, so echoes are not delivered back. */
  public void originated(Message message) {
    seen.add(message.id());
  }

  public void deliver(PublicKey from, Message message, boolean gossip) {
    counters.received();
    if (scores.isBanned(from)) {
      return;
    }
    if (gossip && !seen.add(message.id())) {
      counters.duplicate();
      return;
    }
    Transport.Handler current = handler;
    if (current == null) {
      LOG.log(
          Level.WARNING, "no handler yet, message type {0} from {1} dropped", message.type(), from);
      return;
    }
    counters.delivered();
    Verdict verdict = current.onMessage(from, message, gossip);
    switch (verdict) {
      case ACCEPT -> {
        scores.reward(from);
        if (gossip) {
          links.forward(from, message);
        }
      }
      case IGNORE -> {}
      case REJECT -> penalize(from, Offence.INVALID_MESSAGE, "message type " + message.type());
    }
  }

  /** Charges an offence; a peer that falls under the threshold is disconnected. */
  public void penalize(PublicKey peer, Offence offence, String detail) {
    counters.penalty();
    LOG.log(Level.INFO, "peer {0}: {1} ({2})", peer, offence, detail);
    if (scores.penalize(peer, offence)) {
      counters.ban();
      links.disconnect(peer, "net.banned");
    }
  }

  public void peerConnected(PublicKey peer) {
    Transport.Handler current = handler;
    if (current != null) {
      current.onPeerConnected(peer);
    }
  }

  public void peerDisconnected(PublicKey peer) {
    Transport.Handler current = handler;
    if (current != null) {
      current.onPeerDisconnected(peer);
    }
  }
}

package io.stele.net;

import io.stele.core.clock.Clock;
import io.stele.core.crypto.PublicKey;
import java.util.HashMap;
import java.util.Map;

/**
 * How far a node trusts each peer. Every peer starts at zero; offences subtract their weight, each
 * accepted message gives one point back up to zero. A peer whose score falls to {@link
 * Policy#banAt()} or below is disconnected and refused until {@link Policy#banMillis()} has passed,
 * after which it starts again from zero. Only peers with a non-zero score or a ban take memory.
 */
public final class PeerScores {

  /** What a peer can do wrong, and what it costs. */
  public enum Offence {
    /** A frame over the size limit: the connection is closed too, framing cannot resume. */
    OVERSIZED_FRAME(50),
    /** A frame that does not parse (unknown kind, empty message). */
    MALFORMED_FRAME(25),
    /** A message the node rejected or reported invalid. */
    INVALID_MESSAGE(10);

    private final int weight;

    Offence(int weight) {
      this.weight = weight;
    }

    public int weight() {
      return weight;
    }
  }

  /**
   * @param banAt the score at or below which a peer is banned (negative)
   * @param banMillis how long a ban lasts
   */
  public record Policy(int banAt, long banMillis) {
    public static final Policy DEFAULT = new Policy(-100, 60_000);

    public Policy {
      if (banAt >= 0) {
        throw new IllegalArgumentException("banAt must be negative: " + banAt);
      }
      if (banMillis < 0) {
        throw new IllegalArgumentException("banMillis must not be negative: " + banMillis);
      }
    }
  }

  private final Policy policy;
  private final Clock clock;
  private final Map<PublicKey, Integer> scores = new HashMap<>();
  private final Map<PublicKey, Long> bannedUntil = new HashMap<>();

  public PeerScores(Policy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /** Charges {@code offence} to {@code peer}; true if this put the peer under the ban threshold. */
  public synchronized boolean penalize(PublicKey peer, Offence offence) {
    if (isBanned(peer)) {
      return false;
    }
    int score = scores.getOrDefault(peer, 0) - offence.weight();
    if (score <= policy.banAt()) {
      scores.remove(peer);
      bannedUntil.put(peer, clock.millis() + policy.banMillis());
      return true;
    }
    scores.put(peer, score);
    return false;
  }

  /** One point back for a good message, never above zero. */
  public synchronized void reward(PublicKey peer) {
    Integer score = scores.get(peer);
    if (score != null) {
      if (score + 1 >= 0) {
        scores.remove(peer);
      } else {
        scores.put(peer, score + 1);
      }
    }
  }

  public synchronized boolean isBanned(PublicKey peer) {
    Long until = bannedUntil.get(peer);
    if (until == null) {
      return false;
    }
    if (clock.millis() >= until) {
      bannedUntil.remove(peer);
      return false;
    }
    return true;
  }

  /** When the ban on {@code peer} ends, or 0 if it is not banned. */
  public synchronized long bannedUntil(PublicKey peer) {
    return isBanned(peer) ? bannedUntil.get(peer) : 0;
  }

  public synchronized int score(PublicKey peer) {
    return scores.getOrDefault(peer, 0);
  }
}

package io.stele.ledger.consensus.round;

import io.stele.ledger.consensus.ConsensusParameters;

/**
 * How long each step of a round waits, growing with the round so that once messages arrive in
 * bounded time all honest witnesses end up in one round long enough to decide:
 *
 * <ul>
 *   <li>propose: t_w + t_o + r*growth (round 0's proposer waits t_w after the head; every later
 *       proposer gets t_o);
 *   <li>prevote and precommit, after a quorum of any votes: vote + r*growth;
 *   <li>the whole round, whatever it saw: propose + 2*(vote + r*growth) + t_o, after which the
 *       witness resends its messages of the round and moves to the next.
 * </ul>
 */
public record RoundTimeouts(
    long minBlockIntervalMs, long producerTimeoutMs, long voteMs, long growthMs) {

  public RoundTimeouts {
    if (minBlockIntervalMs < 1 || producerTimeoutMs < minBlockIntervalMs || voteMs < 1) {
      throw new IllegalArgumentException("need 1 <= t_w <= t_o and a positive vote timeout");
    }
    if (growthMs < 0) {
      throw new IllegalArgumentException("growth " + growthMs + " is negative");
    }
  }

  /** Vote timeouts of t_o / 2 and growth of t_o / 2 per round. */
  public static RoundTimeouts of(ConsensusParameters parameters) {
    long to = parameters.producerTimeoutMs();
    return new RoundTimeouts(
        parameters.minBlockIntervalMs(), to, Math.max(1, to / 2), Math.max(1, to / 2));
  }

  public long propose(int round) {
    return minBlockIntervalMs + producerTimeoutMs + grow(round);
  }

  public long vote(int round) {
    return voteMs + grow(round);
  }

  public long round(int round) {
    return propose(round) + 2 * vote(round) + producerTimeoutMs;
  }

  private long grow(int round) {
    return Math.min(round, 1_000_000L) * growthMs;
  }
}

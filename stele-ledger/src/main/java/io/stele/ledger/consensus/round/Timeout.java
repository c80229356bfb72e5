package io.stele.ledger.consensus.round;

/** A timer the engine asked for; stale ones (another height or round) are ignored. */
public record Timeout(long height, int round, Kind kind) {
  public enum Kind {
    /** The proposer's countdown ran out: build and propose. */
    PRODUCE,
    /** No proposal in time: prevote nil. */
    PROPOSE,
    /** A quorum of prevotes but no polka in time: precommit nil. */
    PREVOTE,
    /** A quorum of precommits but no decision in time: next round. */
    PRECOMMIT,
    /** The round as a whole ran out: resend this round's messages and move on. */
    ROUND
  }
}

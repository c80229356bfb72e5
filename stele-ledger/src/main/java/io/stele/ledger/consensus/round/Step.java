package io.stele.ledger.consensus.round;

/**
 * The steps of a round, in order; a witness signs at most one message per (height, round, step).
 */
public enum Step {
  PROPOSE,
  PREVOTE,
  PRECOMMIT
}

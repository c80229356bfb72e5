package io.stele.ledger.consensus.round;

import io.stele.core.crypto.PublicKey;

/**
 * A timeout that moved a witness on, with what the witness had seen of the round by then: the
 * evidence for why a height took longer than round 0 (a proposal that never came or came late, an
 * invalid block, votes lost or split).
 *
 * @param height the height
 * @param round the round that timed out
 * @param kind the step that expired
 * @param roundMillis how long the round had run, by the witness's clock
 * @param headMillis how long since the head block's timestamp
 * @param proposer the round's proposer
 * @param proposal the round's proposal as this witness saw it
 * @param prevotes prevotes of the round received (its own included)
 * @param precommits precommits of the round received (its own included)
 */
public record Expiry(
    long height,
    int round,
    Timeout.Kind kind,
    long roundMillis,
    long headMillis,
    PublicKey proposer,
    ProposalSeen proposal,
    int prevotes,
    int precommits) {

  /** What became of the round's proposal at this witness. */
  public enum ProposalSeen {
    /** None arrived. */
    NONE,
    /** It arrived and its block was not checked (a later step, or a lock, decided the vote). */
    UNCHECKED,
    VALID,
    INVALID
  }
}

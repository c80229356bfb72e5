package io.stele.ledger.consensus;

import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.state.Candidate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What evidence included in a block does: the offender is banned from elections for {@code
 * banBlocks} blocks from the including block's height, and its candidate deposit is forfeited (set
 * to zero, which also makes it ineligible until it deposits again). Each offence (witness, height)
 * is punished once; a second piece of evidence for it is refused.
 */
public record Penalty(long banBlocks) {

  public Penalty {
    if (banBlocks < 1) {
      throw new IllegalArgumentException("a ban lasts at least one block");
    }
  }

  /**
   * The result: the new candidate set, and the deposit taken from the offender, which the ledger
   * must take out of the offender's staked balance (see docs/consensus.md).
   */
  public record Outcome(
      CandidateSet candidates, PublicKey offender, long forfeited, long bannedUntil) {}

  /**
   * Verifies {@code evidence} against {@code witnessesAtOffence} (the set of the evidence's height)
   * and applies it for inclusion at {@code height}. Rejected evidence changes nothing.
   */
  public Outcome apply(
      CandidateSet set,
      Evidence evidence,
      byte chainId,
      WitnessSet witnessesAtOffence,
      long height) {
    if (evidence.height() > height) {
      throw new SteleException(
          "evidence.height",
          "evidence for height " + evidence.height() + " cannot be included at " + height);
    }
    evidence.verify(chainId, witnessesAtOffence);
    Offence offence = evidence.offence();
    if (set.punished().contains(offence)) {
      throw new SteleException(
          "evidence.duplicate",
          offence.witness() + " was already punished for height " + offence.height());
    }
    PublicKey offender = evidence.offender();
    long until = height > Long.MAX_VALUE - banBlocks ? Long.MAX_VALUE : height + banBlocks;
    Map<PublicKey, Long> bans = new HashMap<>(set.bannedUntil());
    bans.merge(offender, until, Math::max);
    Map<PublicKey, Candidate> candidates = new HashMap<>(set.candidates());
    Candidate before = candidates.get(offender);
    long forfeited = 0;
    if (before != null) {
      forfeited = before.deposit();
      candidates.put(offender, new Candidate(offender, 0, before.votes()));
    }
    Set<Offence> punished = new HashSet<>(set.punished());
    punished.add(offence);
    return new Outcome(
        new CandidateSet(candidates, bans, punished), offender, forfeited, bans.get(offender));
  }
}

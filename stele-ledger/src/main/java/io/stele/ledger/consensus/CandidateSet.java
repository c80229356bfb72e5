package io.stele.ledger.consensus;

import io.stele.core.crypto.PublicKey;
import io.stele.ledger.state.Candidate;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The candidates as consensus sees them: their deposits and votes, the bans in force and the
 * offences already punished. Immutable; {@link Penalty} returns a new one.
 *
 * @param bannedUntil for each banned key, the first height at which the ban no longer applies
 */
public record CandidateSet(
    Map<PublicKey, Candidate> candidates, Map<PublicKey, Long> bannedUntil, Set<Offence> punished) {

  public CandidateSet {
    candidates = Map.copyOf(candidates);
    bannedUntil = Map.copyOf(bannedUntil);
    punished = Set.copyOf(punished);
    candidates.forEach(
        (key, candidate) -> {
          if (!candidate.key().equals(key)) {
            throw new IllegalArgumentException("candidate " + candidate.key() + " under " + key);
          }
        });
  }

  /** Candidates without bans or offences; a key listed twice is an error. */
  public static CandidateSet of(Collection<Candidate> candidates) {
    return new CandidateSet(
        candidates.stream().collect(Collectors.toMap(Candidate::key, Function.identity())),
        Map.of(),
        Set.of());
  }

  public boolean banned(PublicKey key, long height) {
    Long until = bannedUntil.get(key);
    return until != null && height < until;
  }
}

package io.stele.ledger.consensus;

import io.stele.core.address.Address;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.state.Candidate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Elects a witness set from the candidates at a snapshot height: the eligible candidates ranked by
 * weight (deposit plus stake votes), heaviest first, ties by the smaller address on this chain; the
 * first {@code seats} of them, in that order, are the witnesses. A candidate is eligible when its
 * deposit has not been forfeited (is above zero) and no ban is in force at the snapshot.
 */
public final class Election {
  private Election() {}

  public static List<PublicKey> elect(
      CandidateSet candidates, int seats, byte chainId, long snapshotHeight) {
    if (seats < 1) {
      throw new IllegalArgumentException("an election fills at least one seat, not " + seats);
    }
    List<Candidate> eligible =
        candidates.candidates().values().stream()
            .filter(c -> c.deposit() > 0 && !candidates.banned(c.key(), snapshotHeight))
            .toList();
    return rank(eligible, chainId).stream().limit(seats).map(Candidate::key).toList();
  }

  /**
   * {@code candidates} sorted by {@link #ranking}, each address derived once (an address costs four
   * hashes, too many to repeat in every comparison).
   */
  public static List<Candidate> rank(Collection<Candidate> candidates, byte chainId) {
    record Ranked(Candidate candidate, Address address) {}
    return candidates.stream()
        .map(c -> new Ranked(c, Address.of(c.key(), chainId)))
        .sorted(
            Comparator.comparingLong((Ranked r) -> r.candidate().weight())
                .reversed()
                .thenComparing(Ranked::address))
        .map(Ranked::candidate)
        .toList();
  }

  /** Heaviest first; equal weights by the smaller address (unsigned byte order). */
  public static Comparator<Candidate> ranking(byte chainId) {
    return Comparator.comparingLong(Candidate::weight)
        .reversed()
        .thenComparing(c -> Address.of(c.key(), chainId));
  }
}

package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.consensus.DoubleConfirmation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The votes received at one height: per round and type, the first vote of each witness, with counts
 * per hash. A second, different vote of a witness for the same round and type is not counted; it is
 * returned as evidence.
 */
final class HeightVotes {
  private final TreeMap<Integer, Round> rounds = new TreeMap<>();

  /** The outcome of adding a vote. */
  sealed interface Added {}

  record Counted() implements Added {}

  record Duplicate() implements Added {}

  record Conflict(DoubleConfirmation evidence) implements Added {}

  private static final class Tally {
    final Map<PublicKey, Vote> byWitness = new LinkedHashMap<>();
    final Map<PublicKey, Vote> conflicting = new LinkedHashMap<>();
    final Map<Bytes, Integer> byHash = new HashMap<>();
  }

  private static final class Round {
    final Tally prevotes = new Tally();
    final Tally precommits = new Tally();

    Tally of(VoteType type) {
      return type == VoteType.PREVOTE ? prevotes : precommits;
    }
  }

  Added add(Vote vote) {
    Tally tally = rounds.computeIfAbsent(vote.round(), r -> new Round()).of(vote.type());
    Vote earlier = tally.byWitness.get(vote.witness());
    if (earlier != null) {
      Vote second = tally.conflicting.get(vote.witness());
      if (earlier.hash().equals(vote.hash()) || second != null) {
        return new Duplicate();
      }
      tally.conflicting.put(vote.witness(), vote);
      tally.byHash.merge(vote.hash(), 1, Integer::sum);
      return new Conflict(
          DoubleConfirmation.of(
              vote.type(),
              vote.chainId(),
              vote.height(),
              vote.round(),
              earlier.hash(),
              earlier.confirmation(),
              vote.hash(),
              vote.confirmation()));
    }
    tally.byWitness.put(vote.witness(), vote);
    tally.byHash.merge(vote.hash(), 1, Integer::sum);
    return new Counted();
  }

  boolean has(Vote vote) {
    Round round = rounds.get(vote.round());
    if (round == null) {
      return false;
    }
    Tally tally = round.of(vote.type());
    return vote.equals(tally.byWitness.get(vote.witness()))
        || vote.equals(tally.conflicting.get(vote.witness()));
  }

  int count(int round, VoteType type, Bytes hash) {
    Round r = rounds.get(round);
    return r == null ? 0 : r.of(type).byHash.getOrDefault(hash, 0);
  }

  int total(int round, VoteType type) {
    Round r = rounds.get(round);
    return r == null ? 0 : r.of(type).byWitness.size();
  }

  /** The hash with at least {@code quorum} votes of {@code type} in {@code round}, if any. */
  Optional<Bytes> quorumHash(int round, VoteType type, int quorum) {
    Round r = rounds.get(round);
    if (r == null) {
      return Optional.empty();
    }
    return r.of(type).byHash.entrySet().stream()
        .filter(e -> e.getValue() >= quorum)
        .map(Map.Entry::getKey)
        .findFirst();
  }

  List<Vote> votes(int round, VoteType type, Bytes hash) {
    Round r = rounds.get(round);
    List<Vote> out = new ArrayList<>();
    if (r != null) {
      Tally tally = r.of(type);
      tally.byWitness.values().stream().filter(v -> v.hash().equals(hash)).forEach(out::add);
      tally.conflicting.values().stream().filter(v -> v.hash().equals(hash)).forEach(out::add);
    }
    return out;
  }

  /** Rounds with any vote, lowest first. */
  Iterable<Integer> rounds() {
    return List.copyOf(rounds.keySet());
  }
}

package io.stele.ledger.consensus;

import static io.stele.ledger.consensus.Fixtures.CHAIN;
import static io.stele.ledger.consensus.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.address.Address;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.state.Candidate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ElectionTest {

  @Provide
  Arbitrary<List<Candidate>> candidates() {
    // Small weights so that ties are frequent.
    Arbitrary<long[]> weights =
        Combinators.combine(Arbitraries.longs().between(1, 4), Arbitraries.longs().between(0, 3))
            .as((deposit, votes) -> new long[] {deposit, votes});
    return weights
        .list()
        .ofMaxSize(40)
        .map(
            list -> {
              List<Candidate> out = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                out.add(new Candidate(key(i), list.get(i)[0], list.get(i)[1]));
              }
              return out;
            });
  }

  private static String address(PublicKey key) {
    return Address.of(key, CHAIN).bytes().toHex();
  }

  @Property
  void sameCandidatesInAnyOrderElectTheSameSet(
      @ForAll("candidates") List<Candidate> candidates,
      @ForAll @IntRange(min = 1, max = 21) int seats,
      @ForAll long seed) {
    List<Candidate> shuffled = new ArrayList<>(candidates);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(Election.elect(CandidateSet.of(shuffled), seats, CHAIN, 10))
        .isEqualTo(Election.elect(CandidateSet.of(candidates), seats, CHAIN, 10));
  }

  @Property
  void theSetHasMinOfSeatsAndCandidatesWitnessesNoneTwice(
      @ForAll("candidates") List<Candidate> candidates,
      @ForAll @IntRange(min = 1, max = 21) int seats) {
    List<PublicKey> elected = Election.elect(CandidateSet.of(candidates), seats, CHAIN, 10);
    assertThat(elected).hasSize(Math.min(seats, candidates.size())).doesNotHaveDuplicates();
  }

  @Property
  void witnessesAreOrderedByWeightThenAddressAndOutrankEveryoneLeftOut(
      @ForAll("candidates") List<Candidate> candidates,
      @ForAll @IntRange(min = 1, max = 21) int seats) {
    Map<PublicKey, Candidate> byKey =
        candidates.stream().collect(Collectors.toMap(Candidate::key, c -> c));
    List<PublicKey> elected = Election.elect(CandidateSet.of(candidates), seats, CHAIN, 10);
    for (int i = 0; i + 1 < elected.size(); i++) {
      assertThat(outranks(byKey.get(elected.get(i)), byKey.get(elected.get(i + 1)))).isTrue();
    }
    Set<PublicKey> in = Set.copyOf(elected);
    for (Candidate left : candidates) {
      if (!in.contains(left.key())) {
        for (PublicKey witness : elected) {
          assertThat(outranks(byKey.get(witness), left)).isTrue();
        }
      }
    }
  }

  /** The ranking law written out: more deposit plus votes, or as much and a smaller address. */
  private static boolean outranks(Candidate a, Candidate b) {
    long wa = a.deposit() + a.votes();
    long wb = b.deposit() + b.votes();
    return wa > wb || (wa == wb && address(a.key()).compareTo(address(b.key())) < 0);
  }

  @Property
  void equalWeightsAreElectedInAddressOrder(
      @ForAll @IntRange(min = 1, max = 30) int count,
      @ForAll @IntRange(min = 1, max = 21) int seats) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      candidates.add(new Candidate(key(i), 5, 5));
    }
    List<PublicKey> expected =
        candidates.stream()
            .map(Candidate::key)
            .sorted(Comparator.comparing(ElectionTest::address))
            .limit(seats)
            .toList();
    assertThat(Election.elect(CandidateSet.of(candidates), seats, CHAIN, 10)).isEqualTo(expected);
  }

  @Test
  void votesCountLikeDeposit() {
    Candidate rich = new Candidate(key(1), 10, 0);
    Candidate voted = new Candidate(key(2), 3, 8);
    Candidate small = new Candidate(key(3), 9, 0);
    assertThat(Election.elect(CandidateSet.of(List.of(rich, voted, small)), 2, CHAIN, 0))
        .containsExactly(voted.key(), rich.key());
  }

  @Test
  void bannedAndForfeitedCandidatesAreNotEligible() {
    Candidate banned = new Candidate(key(1), 100, 0);
    Candidate forfeited = new Candidate(key(2), 0, 50);
    Candidate ok = new Candidate(key(3), 1, 0);
    CandidateSet set =
        new CandidateSet(
            Map.of(banned.key(), banned, forfeited.key(), forfeited, ok.key(), ok),
            Map.of(banned.key(), 20L),
            Set.of());
    assertThat(Election.elect(set, 3, CHAIN, 19)).containsExactly(ok.key());
    assertThat(Election.elect(set, 3, CHAIN, 20)).containsExactly(banned.key(), ok.key());
  }

  @Property
  void rankSortsAsTheRankingComparator(@ForAll("candidates") List<Candidate> candidates) {
    List<Candidate> expected = new ArrayList<>(candidates);
    expected.sort(Election.ranking(CHAIN));
    List<Candidate> shuffled = new ArrayList<>(candidates);
    Collections.shuffle(shuffled, new Random(candidates.size()));
    assertThat(Election.rank(shuffled, CHAIN)).isEqualTo(expected);
  }
}

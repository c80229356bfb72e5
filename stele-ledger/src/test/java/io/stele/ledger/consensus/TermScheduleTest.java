package io.stele.ledger.consensus;

import static io.stele.ledger.consensus.Fixtures.CHAIN;
import static io.stele.ledger.consensus.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.state.Candidate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TermScheduleTest {
  private static final List<PublicKey> GENESIS = List.of(key(1000), key(1001));

  private static TermSchedule schedule(long t, long i) {
    return new TermSchedule(new ConsensusParameters(3, t, i, 1000, 3000, 100));
  }

  @Test
  void termsOfTenBlocksWithAnInterimOfThree() {
    TermSchedule s = schedule(10, 3);
    assertThat(s.termAt(0)).isEqualTo(new Term(0, 0, 13, 0));
    assertThat(s.termAt(13)).isEqualTo(new Term(0, 0, 13, 0));
    assertThat(s.termAt(14)).isEqualTo(new Term(1, 14, 23, 10));
    assertThat(s.termAt(23)).isEqualTo(new Term(1, 14, 23, 10));
    assertThat(s.termAt(24)).isEqualTo(new Term(2, 24, 33, 20));
    assertThat(s.isSnapshot(0)).isFalse();
    assertThat(s.isSnapshot(10)).isTrue();
    assertThat(s.isSnapshot(13)).isFalse();
    assertThat(s.isSnapshot(20)).isTrue();
  }

  @Property
  void termsTileTheHeightsAndStartInterimBlocksAfterTheirSnapshot(
      @ForAll @LongRange(min = 1, max = 1000) long t,
      @ForAll @LongRange(min = 0, max = 999) long i,
      @ForAll @LongRange(min = 0, max = 1_000_000) long height) {
    long interim = i % t;
    TermSchedule s = schedule(t, interim);
    Term term = s.termAt(height);
    assertThat(term.contains(height)).isTrue();
    Term next = s.term(term.number() + 1);
    assertThat(next.firstHeight()).isEqualTo(term.lastHeight() + 1);
    assertThat(next.snapshotHeight()).isEqualTo((term.number() + 1) * t);
    assertThat(next.firstHeight() - next.snapshotHeight()).isEqualTo(interim + 1);
    assertThat(s.isSnapshot(next.snapshotHeight())).isTrue();
  }

  /** Candidate history in which the snapshot at k*T elects exactly key(k). */
  private static TermSchedule.CandidateHistory onePerSnapshot(long t) {
    return height -> {
      if (height % t != 0) {
        throw new AssertionError("the schedule read candidates at non-snapshot height " + height);
      }
      return CandidateSet.of(List.of(new Candidate(key((int) (height / t)), 1, 0)));
    };
  }

  @Property
  void aNewSetTakesEffectExactlyAtItsTermsFirstHeight(
      @ForAll @LongRange(min = 1, max = 50) long t,
      @ForAll @LongRange(min = 0, max = 49) long i,
      @ForAll @IntRange(min = 1, max = 20) int k) {
    long interim = i % t;
    TermSchedule s = schedule(t, interim);
    long first = k * t + interim + 1;
    WitnessSet before = s.witnessSet(first - 1, GENESIS, onePerSnapshot(t), CHAIN);
    WitnessSet at = s.witnessSet(first, GENESIS, onePerSnapshot(t), CHAIN);
    assertThat(at.witnesses()).containsExactly(key(k));
    assertThat(at.term()).isEqualTo(k);
    assertThat(before.witnesses()).isEqualTo(k == 1 ? GENESIS : List.of(key(k - 1)));
    assertThat(before.term()).isEqualTo(k - 1);
  }

  @Test
  void anElectionWithoutCandidatesKeepsThePreviousSet() {
    TermSchedule s = schedule(10, 0);
    TermSchedule.CandidateHistory history =
        height ->
            height == 10
                ? CandidateSet.of(List.of(new Candidate(key(7), 1, 0)))
                : CandidateSet.of(List.of());
    assertThat(s.witnessSet(5, GENESIS, history, CHAIN).witnesses()).isEqualTo(GENESIS);
    assertThat(s.witnessSet(11, GENESIS, history, CHAIN).witnesses()).containsExactly(key(7));
    WitnessSet third = s.witnessSet(35, GENESIS, history, CHAIN);
    assertThat(third.term()).isEqualTo(3);
    assertThat(third.witnesses()).containsExactly(key(7));
  }

  @Test
  void seatsAreTheParameter() {
    TermSchedule s = schedule(10, 0);
    TermSchedule.CandidateHistory history =
        height ->
            CandidateSet.of(
                List.of(
                    new Candidate(key(1), 4, 0),
                    new Candidate(key(2), 3, 0),
                    new Candidate(key(3), 2, 0),
                    new Candidate(key(4), 1, 0)));
    assertThat(s.witnessSet(11, GENESIS, history, CHAIN).witnesses())
        .containsExactly(key(1), key(2), key(3));
  }
}

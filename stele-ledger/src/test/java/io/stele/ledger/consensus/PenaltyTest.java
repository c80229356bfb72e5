package io.stele.ledger.consensus;

import static io.stele.ledger.consensus.Fixtures.CHAIN;
import static io.stele.ledger.consensus.Fixtures.failsWith;
import static io.stele.ledger.consensus.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.state.Candidate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PenaltyTest {
  private final Penalty penalty = new Penalty(50);
  private final PublicKey offender = EvidenceTest.offender().publicKey();
  private final WitnessSet witnesses = EvidenceTest.witnesses();
  private final CandidateSet before =
      CandidateSet.of(List.of(new Candidate(offender, 700, 40), new Candidate(key(1), 10, 0)));

  @Test
  void evidenceForfeitsTheDepositAndBansFromTheIncludingHeight() {
    Penalty.Outcome outcome =
        penalty.apply(before, EvidenceTest.doubleBlock(), CHAIN, witnesses, 12);
    assertThat(outcome.offender()).isEqualTo(offender);
    assertThat(outcome.forfeited()).isEqualTo(700);
    assertThat(outcome.bannedUntil()).isEqualTo(62);
    CandidateSet after = outcome.candidates();
    assertThat(after.candidates().get(offender)).isEqualTo(new Candidate(offender, 0, 40));
    assertThat(after.candidates().get(key(1))).isEqualTo(new Candidate(key(1), 10, 0));
    assertThat(after.banned(offender, 12)).isTrue();
    assertThat(after.banned(offender, 61)).isTrue();
    assertThat(after.banned(offender, 62)).isFalse();
    assertThat(after.punished()).containsExactly(new Offence(offender, 9));
    assertThat(Election.elect(after, 21, CHAIN, 70)).containsExactly(key(1));
  }

  @Test
  void oneOffenceIsPunishedOnceWhateverTheEvidence() {
    CandidateSet after =
        penalty.apply(before, EvidenceTest.doubleBlock(), CHAIN, witnesses, 12).candidates();
    failsWith(
        "evidence.duplicate",
        () -> penalty.apply(after, EvidenceTest.doubleConfirmation(), CHAIN, witnesses, 13));
  }

  @Test
  void invalidOrFutureEvidenceChangesNothing() {
    failsWith(
        "evidence.witness",
        () ->
            penalty.apply(
                before, EvidenceTest.doubleBlock(), CHAIN, new WitnessSet(0, List.of(key(1))), 12));
    failsWith(
        "evidence.height",
        () -> penalty.apply(before, EvidenceTest.doubleBlock(), CHAIN, witnesses, 8));
    assertThat(before.bannedUntil()).isEmpty();
    assertThat(before.candidates().get(offender).deposit()).isEqualTo(700);
  }

  @Test
  void aWitnessThatIsNoCandidateIsBannedWithNothingToForfeit() {
    CandidateSet none = CandidateSet.of(List.of());
    Penalty.Outcome outcome =
        penalty.apply(none, EvidenceTest.doubleConfirmation(), CHAIN, witnesses, 20);
    assertThat(outcome.forfeited()).isZero();
    assertThat(outcome.candidates().candidates()).isEmpty();
    assertThat(outcome.candidates().banned(offender, 69)).isTrue();
  }

  @Property(tries = 50)
  void depositsAreConservedTheForfeitedAmountLeavesTheSet(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 4) long deposit,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 4) long otherDeposit,
      @ForAll @LongRange(min = 9, max = 1_000_000) long height) {
    CandidateSet set =
        CandidateSet.of(
            List.of(new Candidate(offender, deposit, 0), new Candidate(key(1), otherDeposit, 0)));
    Penalty.Outcome outcome =
        penalty.apply(set, EvidenceTest.doubleBlock(), CHAIN, witnesses, height);
    long after =
        outcome.candidates().candidates().values().stream().mapToLong(Candidate::deposit).sum();
    assertThat(after + outcome.forfeited()).isEqualTo(deposit + otherDeposit);
    assertThat(outcome.bannedUntil()).isEqualTo(height + 50);
  }
}

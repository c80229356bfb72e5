package io.stele.ledger.consensus.round;

import static io.stele.ledger.consensus.round.EngineFixture.T_O;
import static io.stele.ledger.consensus.round.EngineFixture.T_W;
import static org.assertj.core.api.Assertions.assertThat;

import io.stele.ledger.block.Block;
import io.stele.ledger.block.Confirmation.VoteType;
import org.junit.jupiter.api.Test;

/**
 * One engine (witness 2 of 4) driven by hand through the lock rules: a witness that saw a polka
 * locks, prevotes nil for another block in a later round, re-proposes its valid block when its turn
 * comes, and unlocks on a later polka.
 */
class LockingTest {
  private final SignerStore.InMemory store = SignerStore.InMemory.fresh();
  private final EngineFixture f = new EngineFixture(2, store);

  /** Round 0: witness 0 proposes b, this witness and 0, 1 prevote it; 0, 1 precommit nil. */
  private Block lockInRoundZero() {
    Block b = f.blockBy(0, T_W);
    f.engine.onProposal(f.key(0), Proposal.sign(f.keys.get(0), 0, -1, b));
    assertThat(f.lastVote().type()).isEqualTo(VoteType.PREVOTE);
    assertThat(f.lastVote().hash()).isEqualTo(b.hash());
    f.receive(0, VoteType.PREVOTE, 0, b.hash());
    f.receive(1, VoteType.PREVOTE, 0, b.hash());
    f.receive(0, VoteType.PRECOMMIT, 0, Vote.NIL);
    f.receive(1, VoteType.PRECOMMIT, 0, Vote.NIL);
    f.engine.onTimeout(new Timeout(1, 0, Timeout.Kind.PRECOMMIT));
    return b;
  }

  @Test
  void aLockedWitnessRefusesAnotherBlockAndReproposesItsValidBlock() {
    Block b = lockInRoundZero();
    assertThat(f.engine.locks().lockedBlock()).isEqualTo(b);
    assertThat(store.load().orElseThrow().lockedBlock()).isEqualTo(b);
    assertThat(f.engine.round()).isEqualTo(1);

    Block other = f.blockBy(1, T_O);
    f.engine.onProposal(f.key(1), Proposal.sign(f.keys.get(1), 1, -1, other));
    assertThat(f.lastVote().round()).isEqualTo(1);
    assertThat(f.lastVote().isNil()).as("locked on another block: prevote nil").isTrue();

    f.receive(0, VoteType.PREVOTE, 1, Vote.NIL);
    f.receive(1, VoteType.PREVOTE, 1, Vote.NIL);
    f.receive(0, VoteType.PRECOMMIT, 1, Vote.NIL);
    f.receive(1, VoteType.PRECOMMIT, 1, Vote.NIL);
    f.engine.onTimeout(new Timeout(1, 1, Timeout.Kind.PRECOMMIT));
    assertThat(f.engine.round()).isEqualTo(2);

    // round 2 is this witness's turn: it re-proposes the block it saw a polka for in round 0
    Proposal reproposed = f.lastProposal();
    assertThat(reproposed.round()).isEqualTo(2);
    assertThat(reproposed.validRound()).isZero();
    assertThat(reproposed.block()).isEqualTo(b);
    assertThat(reproposed.proposer()).isEqualTo(f.key(2));
    assertThat(f.evidence).isEmpty();
  }

  @Test
  void aPolkaFromALaterRoundUnlocksAndAQuorumOfPrecommitsCommits() {
    lockInRoundZero();
    // a proposal claiming a polka in round 0 that this witness never saw: it does not prevote it
    // and waits for the timeout
    Block other = f.blockBy(1, T_O);
    f.engine.onProposal(f.key(1), Proposal.sign(f.keys.get(1), 1, 0, other));
    assertThat(f.lastVote().round()).as("no prevote in round 1 yet").isZero();
    f.engine.onTimeout(new Timeout(1, 1, Timeout.Kind.PROPOSE));
    assertThat(f.lastVote().round()).isEqualTo(1);
    assertThat(f.lastVote().isNil()).isTrue();

    // a polka for the other block in round 1 unlocks: it precommits that block
    f.receive(0, VoteType.PREVOTE, 1, other.hash());
    f.receive(1, VoteType.PREVOTE, 1, other.hash());
    f.receive(3, VoteType.PREVOTE, 1, other.hash());
    assertThat(f.lastVote().type()).isEqualTo(VoteType.PRECOMMIT);
    assertThat(f.lastVote().hash()).isEqualTo(other.hash());
    assertThat(f.engine.locks().lockedBlock()).isEqualTo(other);

    assertThat(f.engine.laterRoundCommits()).isZero();
    f.receive(0, VoteType.PRECOMMIT, 1, other.hash());
    f.receive(1, VoteType.PRECOMMIT, 1, other.hash());
    assertThat(f.engine.height()).isEqualTo(2);
    assertThat(f.chain).endsWith(other);
    // decided in round 1: counted as a height past round 0, not as one taken from sync, after
    // round 0's precommits and round 1's proposal timed out
    assertThat(f.engine.laterRoundCommits()).isEqualTo(1);
    assertThat(f.engine.certifiedCommits()).isZero();
    assertThat(f.engine.expired(Timeout.Kind.PRECOMMIT)).isEqualTo(1);
    assertThat(f.engine.expired(Timeout.Kind.PROPOSE)).isEqualTo(1);
    assertThat(f.engine.expired(Timeout.Kind.PREVOTE)).isZero();
  }

  @Test
  void eachTimeoutThatMovesTheWitnessOnIsKeptWithWhatItHadSeen() {
    lockInRoundZero();
    f.now += 700;
    Block other = f.blockBy(1, T_O);
    f.engine.onProposal(f.key(1), Proposal.sign(f.keys.get(1), 1, 0, other));
    f.engine.onTimeout(new Timeout(1, 1, Timeout.Kind.PROPOSE));

    assertThat(f.engine.recentExpiries())
        .containsExactly(
            // round 0: own prevote and precommit for b, two prevotes for b, two precommits nil
            new Expiry(
                1,
                0,
                Timeout.Kind.PRECOMMIT,
                0,
                f.now - 700 - f.chain.get(0).header().timestamp(),
                f.key(0),
                Expiry.ProposalSeen.VALID,
                3,
                3),
            // round 1: a proposal whose claimed polka this witness never saw, so never checked
            new Expiry(
                1,
                1,
                Timeout.Kind.PROPOSE,
                700,
                f.now - f.chain.get(0).header().timestamp(),
                f.key(1),
                Expiry.ProposalSeen.UNCHECKED,
                0,
                0));
  }
}

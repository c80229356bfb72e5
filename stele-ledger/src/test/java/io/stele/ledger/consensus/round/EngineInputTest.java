package io.stele.ledger.consensus.round;

import static io.stele.ledger.consensus.round.EngineFixture.CHAIN;
import static io.stele.ledger.consensus.round.EngineFixture.T_O;
import static io.stele.ledger.consensus.round.EngineFixture.T_W;
import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.consensus.DoubleBlock;
import io.stele.ledger.consensus.DoubleConfirmation;
import io.stele.net.Message;
import io.stele.net.Verdict;
import org.junit.jupiter.api.Test;

/** What the engine makes of messages from outside: verdicts for gossip, evidence, nothing else. */
class EngineInputTest {
  private final EngineFixture f = new EngineFixture(3, SignerStore.InMemory.fresh());

  @Test
  void malformedForgedOrMisdirectedMessagesAreRejectedAndChangeNothing() {
    Block b = f.blockBy(0, T_W);
    Proposal good = Proposal.sign(f.keys.get(0), 0, -1, b);
    assertThat(f.engine.onMessage(f.key(0), new Message(0x21, Bytes.wrap(new byte[5]))))
        .isEqualTo(Verdict.REJECT);
    // round 0 belongs to witness 0, not 1
    assertThat(
            f.engine.onProposal(f.key(1), Proposal.sign(f.keys.get(1), 0, -1, f.blockBy(1, T_O))))
        .isEqualTo(Verdict.REJECT);
    Vote byOutsider =
        Vote.sign(KeyPair.generate(new SeededRng(99)), VoteType.PREVOTE, CHAIN, 1, 0, b.hash());
    assertThat(f.engine.onVote(f.key(0), byOutsider)).isEqualTo(Verdict.REJECT);
    Vote forged =
        new Vote(
            VoteType.PREVOTE,
            CHAIN,
            1,
            0,
            b.hash(),
            f.key(1),
            f.vote(0, VoteType.PREVOTE, 0, b.hash()).signature());
    assertThat(f.engine.onVote(f.key(1), forged)).isEqualTo(Verdict.REJECT);
    assertThat(f.gossiped).as("nothing moved the engine").isEmpty();

    assertThat(f.engine.onProposal(f.key(0), good)).isEqualTo(Verdict.ACCEPT);
    assertThat(f.engine.onProposal(f.key(0), good)).as("a copy").isEqualTo(Verdict.IGNORE);
    assertThat(f.lastVote().hash()).isEqualTo(b.hash());
  }

  @Test
  void aBlockMoreThanASecondAheadOfTheClockGetsANilPrevote() {
    f.now = f.head().header().timestamp() + T_W;
    Block future = f.blockBy(0, T_W + 1_001);
    f.engine.onProposal(f.key(0), Proposal.sign(f.keys.get(0), 0, -1, future));
    assertThat(f.lastVote().isNil()).isTrue();
  }

  @Test
  void equivocationOnTheWireBecomesEvidence() {
    Block b = f.blockBy(0, T_W);
    Block twin = f.blockBy(0, T_W + 1);
    f.engine.onProposal(f.key(0), Proposal.sign(f.keys.get(0), 0, -1, b));
    assertThat(f.engine.onProposal(f.key(0), Proposal.sign(f.keys.get(0), 0, -1, twin)))
        .isEqualTo(Verdict.ACCEPT);
    f.receive(1, VoteType.PREVOTE, 0, b.hash());
    f.receive(1, VoteType.PREVOTE, 0, Vote.NIL);
    assertThat(f.evidence).hasSize(2);
    assertThat(f.evidence.get(0)).isInstanceOf(DoubleBlock.class);
    assertThat(f.evidence.get(0).offender()).isEqualTo(f.key(0));
    DoubleConfirmation votes = (DoubleConfirmation) f.evidence.get(1);
    assertThat(votes.type()).isEqualTo(VoteType.PREVOTE);
    assertThat(votes.offender()).isEqualTo(f.key(1));
    assertThat(votes.round()).isZero();
  }
}

package io.stele.ledger.consensus.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.ledger.block.Block;
import io.stele.ledger.block.Confirmation.VoteType;
import org.junit.jupiter.api.Test;

/**
 * A witness whose signing store is lost follows the chain silently and resumes signing only above
 * the heights it saw the others at and its own key signing at (docs/consensus.md).
 */
class RestartWithoutDataTest {
  private final EngineFixture f = new EngineFixture(2, SignerStore.InMemory.lost());

  @Test
  void staysSilentUntilAboveEveryHeightItCouldHaveSignedBefore() {
    // its old self's prevote at height 1 comes back from the network
    Block first = finalizeByOthers(true);
    assertThat(f.chain).hasSize(2).endsWith(first);
    assertThat(f.gossiped).as("nothing signed while lost").isEmpty();

    // height 2: it committed height 1 and heard from all others, but resumes only above 2
    finalizeByOthers(false);
    assertThat(f.chain).hasSize(3);
    assertThat(f.gossiped).as("still silent at the height after its first commit").isEmpty();

    // height 3 is its own turn, and above the heights it stayed silent for: it produces again
    assertThat(f.engine.proposer(0)).isEqualTo(f.key(2));
    f.engine.onTimeout(new Timeout(3, 0, Timeout.Kind.PRODUCE));
    Proposal proposal = f.lastProposal();
    assertThat(proposal.height()).isEqualTo(3);
    assertThat(proposal.proposer()).isEqualTo(f.key(2));
    assertThat(f.lastVote().hash()).isEqualTo(proposal.block().hash());
  }

  /** The round-0 proposer proposes and witnesses 0, 1 and 3 prevote and precommit its block. */
  private Block finalizeByOthers(boolean ownOldVote) {
    int proposer =
        f.keys.indexOf(
            f.keys.stream()
                .filter(k -> k.publicKey().equals(f.engine.proposer(0)))
                .findFirst()
                .get());
    f.now += 1_000;
    Block b = f.blockBy(proposer, 500);
    f.engine.onProposal(f.key(proposer), Proposal.sign(f.keys.get(proposer), 0, -1, b));
    if (ownOldVote) {
      f.receive(2, VoteType.PREVOTE, 0, b.hash());
    }
    for (VoteType type : VoteType.values()) {
      for (int w : new int[] {0, 1, 3}) {
        f.receive(w, type, 0, b.hash());
      }
    }
    return b;
  }
}

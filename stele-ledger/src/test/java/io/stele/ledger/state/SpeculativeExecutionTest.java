package io.stele.ledger.state;

import static io.stele.ledger.state.ElectionChain.doubleBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A witness executes a proposal once, as a trial that leaves the state as it was, and commits the
 * trial's writes when the block becomes final: that must reach exactly the state executing the
 * block gives, entry for entry.
 */
class SpeculativeExecutionTest {
  private final ElectionChain chain = new ElectionChain();
  private final long now = ElectionChain.NOW;

  /** Registrations, a vote, evidence and a snapshot (block 4), as a producer made them. */
  private List<Block> blocks() {
    LedgerState producer = chain.state();
    List<Block> blocks = new ArrayList<>();
    blocks.add(
        chain.produce(
            producer,
            List.of(
                chain.builder(chain.user(2)).registerCandidate(chain.deposit, 0, now),
                chain.builder(chain.user(3)).registerCandidate(chain.deposit, 0, now))));
    blocks.add(
        chain.produce(
            producer,
            List.of(
                chain.builder(chain.user(4)).vote(chain.user(3).publicKey(), 99, 0, now),
                chain
                    .builder(chain.user(5))
                    .reportEvidence(doubleBlock(chain.user(0), 1, 0), 0, now))));
    for (int h = 3; h <= 6; h++) {
      blocks.add(
          chain.produce(
              producer,
              List.of(
                  chain
                      .builder(chain.user(4))
                      .transfer(chain.address(chain.user(1)), h, h - 2, now))));
    }
    return blocks;
  }

  @Test
  void committingTheTrialsWritesEqualsExecutingEachBlock() {
    LedgerState executed = chain.state();
    LedgerState speculated = chain.state();
    executed.drainWrites();
    speculated.drainWrites();
    for (Block b : blocks()) {
      Bytes rootBefore = speculated.root();
      Map<Bytes, byte[]> writes = speculated.trial(b);
      assertThat(speculated.root()).as("a trial changes nothing").isEqualTo(rootBefore);
      assertThat(speculated.drainWrites()).as("a trial leaves no writes behind").isEmpty();

      executed.applyBlock(b);
      speculated.applyWrites(writes);
      assertThat(speculated.root()).isEqualTo(b.header().stateRoot());
      assertThat(speculated.height()).isEqualTo(executed.height());
      assertThat(asHex(speculated.drainWrites())).isEqualTo(asHex(executed.drainWrites()));
    }
    assertThat(speculated.witnessSet(6)).isEqualTo(executed.witnessSet(6));
    assertThat(speculated.bannedUntil(chain.user(0).publicKey()))
        .isEqualTo(executed.bannedUntil(chain.user(0).publicKey()));
  }

  @Test
  void aFailingTrialChangesNothingAndKeepsTheWritesPendingBeforeIt() {
    List<Block> blocks = blocks();
    LedgerState reference = chain.state();
    reference.drainWrites();
    reference.applyBlock(blocks.get(0));
    LedgerState state = chain.state();
    state.drainWrites();
    state.applyBlock(blocks.get(0)); // its writes stay pending

    assertThatThrownBy(() -> state.trial(blocks.get(3)))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("block.height");
    Map<Bytes, byte[]> ok = state.trial(blocks.get(1));
    assertThat(ok).isNotEmpty();
    assertThat(state.root()).isEqualTo(blocks.get(0).header().stateRoot());
    assertThat(asHex(state.drainWrites())).isEqualTo(asHex(reference.drainWrites()));
  }

  @Test
  void aDraftSkipsWhatDoesNotApplyAndMatchesTheBlockBuiltFromIt() {
    LedgerState state = chain.state();
    state.drainWrites();
    Transaction good =
        chain.builder(chain.user(4)).transfer(chain.address(chain.user(1)), 5, 0, now);
    Transaction replay = good;
    Transaction gap =
        chain.builder(chain.user(5)).transfer(chain.address(chain.user(1)), 5, 7, now);
    List<Transaction> skipped = new ArrayList<>();
    LedgerState.Draft draft =
        state.draft(
            List.of(good, replay, gap),
            chain.address(chain.witness()),
            now + 1,
            (tx, reason) -> skipped.add(tx));
    assertThat(draft.included()).containsExactly(good);
    assertThat(skipped).containsExactly(replay, gap);
    assertThat(state.height()).as("a draft changes nothing").isZero();
    assertThat(state.drainWrites()).isEmpty();

    LedgerState producer = chain.state();
    Block block = chain.produce(producer, List.of(good));
    assertThat(draft.stateRoot()).isEqualTo(block.header().stateRoot());
    assertThat(draft.nextWitnessSetHash()).isEqualTo(block.header().nextWitnessSetHash());
    state.applyWrites(draft.writes());
    assertThat(state.root()).isEqualTo(block.header().stateRoot());
  }

  private static Map<String, String> asHex(Map<Bytes, byte[]> writes) {
    Map<String, String> out = new HashMap<>();
    writes.forEach((k, v) -> out.put(k.toHex(), Bytes.of(v).toHex()));
    return out;
  }
}

package io.stele.ledger.state;

import static io.stele.ledger.state.ElectionChain.doubleBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A block from another producer is applied whole or not at all. */
class ApplyBlockTest {
  private final ElectionChain chain = new ElectionChain();
  private final long now = ElectionChain.NOW;

  /** Six blocks with registrations, a vote, evidence and a snapshot, as a producer made them. */
  private List<Block> sixBlocks() {
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
      blocks.add(chain.produce(producer, List.of()));
    }
    return blocks;
  }

  @Test
  void aValidatorReachesTheProducersStateBlockByBlock() {
    List<Block> blocks = sixBlocks();
    LedgerState validator = chain.state();
    for (Block b : blocks) {
      validator.applyBlock(b);
      assertThat(validator.root()).isEqualTo(b.header().stateRoot());
    }
    assertThat(validator.height()).isEqualTo(6);
    assertThat(validator.witnessSet(6).witnesses())
        .containsExactly(chain.user(3).publicKey(), chain.user(2).publicKey());
    assertThat(validator.bannedUntil(chain.user(0).publicKey())).contains(2L + 6);
  }

  private static Block withHeader(Block block, UnaryOperator<BlockHeader> change) {
    return new Block(change.apply(block.header()), block.producerSignature(), block.transactions());
  }

  private static BlockHeader header(
      BlockHeader h, long height, Bytes stateRoot, Bytes witnessSet, Bytes next) {
    return new BlockHeader(
        h.chainId(),
        height,
        h.parentHash(),
        h.timestamp(),
        h.producer(),
        h.transactionsRoot(),
        h.anchorRootSha256(),
        h.anchorRootSha3(),
        h.anchorCount(),
        stateRoot,
        witnessSet,
        next,
        h.transactionCount());
  }

  private void refusedWithoutChange(LedgerState state, Block block, String code) {
    Bytes root = state.root();
    long height = state.height();
    state.drainWrites();
    assertThatThrownBy(() -> state.applyBlock(block))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
    assertThat(state.root()).isEqualTo(root);
    assertThat(state.height()).isEqualTo(height);
    assertThat(state.drainWrites()).isEmpty();
  }

  @Test
  void everyMismatchWithTheStateIsRefusedAndChangesNothing() {
    List<Block> blocks = sixBlocks();
    LedgerState state = chain.state();
    state.applyBlock(blocks.get(0));
    Block second = blocks.get(1);
    Bytes zero = Bytes.wrap(new byte[32]);
    BlockHeader h = second.header();

    refusedWithoutChange(state, blocks.get(2), "block.height");
    refusedWithoutChange(
        state,
        withHeader(second, x -> header(x, 2, x.stateRoot(), zero, x.nextWitnessSetHash())),
        "block.witness_set");
    refusedWithoutChange(
        state,
        withHeader(second, x -> header(x, 2, zero, x.witnessSetHash(), x.nextWitnessSetHash())),
        "block.state_root");
    refusedWithoutChange(
        state,
        withHeader(second, x -> header(x, 2, x.stateRoot(), x.witnessSetHash(), x.stateRoot())),
        "block.next_witness_set");
    // The second transaction replays a nonce after the first one applied: all is taken back.
    Transaction again = second.transactions().get(0);
    List<Transaction> replay = List.of(second.transactions().get(1), again, again);
    Block replaying = new Block(h, second.producerSignature(), replay);
    refusedWithoutChange(
        state,
        new Block(
            new BlockHeader(
                h.chainId(),
                2,
                h.parentHash(),
                h.timestamp(),
                h.producer(),
                Block.transactionsRoot(replay),
                h.anchorRootSha256(),
                h.anchorRootSha3(),
                0,
                h.stateRoot(),
                h.witnessSetHash(),
                3),
            replaying.producerSignature(),
            replay),
        "tx.replay");
    assertThat(state.bannedUntil(chain.user(0).publicKey())).isEmpty();

    state.applyBlock(second);
    assertThat(state.root()).isEqualTo(h.stateRoot());
  }

  @Test
  void aSnapshotBlockCommittingAnotherNextSetIsRefused() {
    List<Block> blocks = sixBlocks();
    LedgerState state = chain.state();
    for (Block b : blocks.subList(0, 3)) {
      state.applyBlock(b);
    }
    Block snapshot = blocks.get(3);
    refusedWithoutChange(
        state,
        withHeader(
            snapshot,
            x -> header(x, 4, x.stateRoot(), x.witnessSetHash(), BlockHeader.NO_NEXT_WITNESS_SET)),
        "block.next_witness_set");
    state.applyBlock(snapshot);
    assertThat(state.height()).isEqualTo(4);
  }
}

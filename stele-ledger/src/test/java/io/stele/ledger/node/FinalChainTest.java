package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower executing blocks it was given: a block that does not execute to its header's state
 * root, or carries a bad signature, changes nothing, and the right block still executes after.
 */
class FinalChainTest {
  @TempDir Path dir;

  private final TestChains chain = TestChains.create(2);
  private final ManualClock clock = new ManualClock(TestChains.START + 1_000);
  private SoloNode witness;
  private FollowerNode follower;
  private FinalChain.Certified first;

  @BeforeEach
  void produce() {
    witness = SoloNode.open(dir.resolve("w"), chain.genesis(), chain.witness(), clock);
    TransactionBuilder sender =
        new TransactionBuilder(
            TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0));
    for (int i = 0; i < 3; i++) {
      witness.submit(
          sender.transfer(chain.address(1), 10 + i, i, clock.millis()).encoded().toArray());
    }
    witness.produceBlock();
    first = witness.chain().certified(1).orElseThrow();
    follower = FollowerNode.open(dir.resolve("f"), chain.genesis(), clock);
  }

  @AfterEach
  void close() {
    follower.close();
    witness.close();
  }

  /** The first block with its header's state root (and nothing else) replaced. */
  private Block withStateRoot(Bytes root) {
    BlockHeader h = first.block().header();
    BlockHeader changed =
        new BlockHeader(
            h.chainId(),
            h.height(),
            h.parentHash(),
            h.timestamp(),
            h.producer(),
            h.transactionsRoot(),
            h.anchorRootSha256(),
            h.anchorRootSha3(),
            h.anchorCount(),
            root,
            h.witnessSetHash(),
            h.transactionCount());
    return Block.seal(changed, chain.witness(), first.block().transactions());
  }

  private void assertUnchanged() {
    FinalChain f = follower.chain();
    assertThat(f.head().height()).isZero();
    assertThat(f.state().root()).isEqualTo(f.head().header().stateRoot());
    assertThat(f.state().account(chain.address(1)).balance()).isEqualTo(TestChains.USER_BALANCE);
    assertThat(f.finalTransaction(first.block().transactions().get(0).id())).isEmpty();
  }

  @Test
  void theRightBlockExecutesToTheSameStateAsTheWitness() {
    follower.chain().execute(first.block(), first.certificate());
    assertThat(follower.chain().head().hash()).isEqualTo(first.block().hash());
    assertThat(follower.chain().state().root()).isEqualTo(witness.chain().state().root());
    assertThat(
            follower
                .transaction(first.block().transactions().get(2).id())
                .orElseThrow()
                .path("status")
                .asText())
        .isEqualTo("final");
  }

  @Test
  void aBlockWhoseStateRootDiffersChangesNothing() {
    Block wrong = withStateRoot(Bytes.wrap(new byte[32]));
    assertThatThrownBy(() -> follower.chain().execute(wrong, first.certificate()))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("block.state_root");
    assertUnchanged();

    follower.chain().execute(first.block(), first.certificate());
    assertThat(follower.chain().state().root()).isEqualTo(witness.chain().state().root());
  }

  @Test
  void aBlockWithABadSignatureChangesNothing() {
    List<Transaction> txs = first.block().transactions();
    byte[] bytes = txs.get(1).encoded().toArray();
    bytes[bytes.length - 1] ^= 1;
    List<Transaction> tampered = List.of(txs.get(0), Transaction.decode(bytes), txs.get(2));
    BlockHeader h = first.block().header();
    BlockTrees trees = BlockTrees.of(tampered);
    BlockHeader header =
        new BlockHeader(
            h.chainId(),
            h.height(),
            h.parentHash(),
            h.timestamp(),
            h.producer(),
            trees.transactionsRoot(),
            h.anchorRootSha256(),
            h.anchorRootSha3(),
            h.anchorCount(),
            h.stateRoot(),
            h.witnessSetHash(),
            h.transactionCount());
    Block block = Block.seal(header, chain.witness(), tampered);
    assertThatThrownBy(() -> follower.chain().execute(block, first.certificate()))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("tx.bad_signature");
    assertUnchanged();
  }

  @Test
  void aBlockThatDoesNotExtendTheHeadIsRefused() {
    follower.chain().execute(first.block(), first.certificate());
    assertThatThrownBy(() -> follower.chain().execute(first.block(), first.certificate()))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("sync.linkage");
  }
}

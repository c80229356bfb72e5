package io.stele.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.state.LedgerState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash after "about to sign height h" was recorded but before the block was committed: on
 * restart the node commits exactly that block rather than producing a different one at h.
 */
class ProposalRecoveryTest {
  @TempDir Path dir;

  @Test
  void recordedProposalIsFinishedOnRestart() {
    TestChains chain = TestChains.create(1);
    ManualClock clock = new ManualClock(TestChains.START + 1_000);
    Block head;
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      head = node.produceBlock();
    }
    BlockHeader h = head.header();
    // The state after two empty blocks: the initial balances at height 2.
    LedgerState expected = LedgerState.genesis(chain.genesis());
    expected.endBlock();
    expected.endBlock();
    BlockHeader next =
        new BlockHeader(
            h.chainId(),
            h.height() + 1,
            head.hash(),
            h.timestamp() + 5,
            h.producer(),
            Block.transactionsRoot(List.of()),
            Bytes.wrap(io.stele.core.crypto.HashFunction.SHA256.hash(new byte[0])),
            Bytes.wrap(io.stele.core.crypto.HashFunction.SHA3_256.hash(new byte[0])),
            0,
            expected.root(),
            h.witnessSetHash(),
            0);
    try (ChainStore store = ChainStore.open(dir)) {
      store.saveProposal(
          next.height(), new Block(next, Bytes.wrap(new byte[64]), List.of()).encode());
      assertThat(store.lastSignedHeight()).isEqualTo(next.height());
    }
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      assertThat(node.finalHeight()).isEqualTo(next.height());
      assertThat(node.block(next.height()).orElseThrow().get("hash").asText())
          .isEqualTo(next.hash().toBase58());
    }
    try (ChainStore store = ChainStore.open(dir)) {
      assertThat(store.proposal()).isEmpty();
      assertThat(store.block(next.height()).orElseThrow().hasValidProducerSignature()).isTrue();
    }
  }
}

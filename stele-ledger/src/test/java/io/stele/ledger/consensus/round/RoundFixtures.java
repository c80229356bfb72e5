package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import java.util.List;

/** Empty, validly encoded blocks for codec and guard tests. */
final class RoundFixtures {
  static final byte CHAIN = 'T';
  static final Bytes PARENT = Bytes.wrap(new byte[32]);

  private RoundFixtures() {}

  /**
   * An empty block at {@code height}, signed by {@code producer}; {@code stamp} varies its hash.
   */
  static Block block(KeyPair producer, long height, long stamp) {
    BlockTrees trees = BlockTrees.of(List.of());
    BlockHeader header =
        new BlockHeader(
            CHAIN,
            height,
            PARENT,
            1_000 + stamp,
            producer.publicKey(),
            trees.transactionsRoot(),
            trees.anchorRootSha256(),
            trees.anchorRootSha3(),
            0,
            PARENT,
            PARENT,
            0);
    return Block.seal(header, producer, List.of());
  }
}

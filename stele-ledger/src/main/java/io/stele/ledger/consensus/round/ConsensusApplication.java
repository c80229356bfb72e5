package io.stele.ledger.consensus.round;

import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.Evidence;
import io.stele.ledger.tx.Transaction;
import java.util.List;

/**
 * What the engine asks of the ledger. Called on the engine's thread only; none of these may block
 * on the network.
 */
public interface ConsensusApplication {

  /** An unsigned block: the header the producer will sign and the transactions it commits. */
  record BlockDraft(BlockHeader header, List<Transaction> transactions) {
    public BlockDraft {
      transactions = List.copyOf(transactions);
    }
  }

  /** The last final block. */
  Block head();

  /** The certificate of {@link #head()}. */
  FinalityCertificate headCertificate();

  /** The witness set producing {@code height}; asked for the height after the head only. */
  WitnessSet witnesses(long height);

  /**
   * Builds the next block on top of {@code parent}: picks transactions (and pending evidence),
   * executes them on a copy of the state and fills in the header's roots.
   */
  BlockDraft build(Block parent, long timestamp, PublicKey producer);

  /**
   * Checks a block on top of the head beyond what the engine checks (turn, parent, signatures):
   * executes its transactions on a copy of the state and compares the state root and the other
   * fields the header commits to. Throws a SteleException when the block is invalid.
   */
  void validate(Block block);

  /** Makes {@code block} the new head; it is final under {@code certificate}. */
  void commit(Block block, FinalityCertificate certificate);

  /** Equivocation seen on the wire, checked; for the pending-evidence pool. */
  void evidence(Evidence evidence);
}

package io.stele.ledger.genesis;

import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Chain parameters fixed by the genesis file. Fees are minimum fees in minor units, one per
 * transaction type; the fee of an included transaction goes to the block's producer. {@code
 * consensus} fixes the witness seats, terms, production timing and bans (docs/consensus.md).
 */
public record Parameters(
    long blockIntervalMs,
    Map<TransactionType, Long> fees,
    long candidateDeposit,
    int maxBlockTransactions,
    int maxAnchorsPerTransaction,
    int maxTransactionBytes,
    long maxTimestampDriftMs,
    ConsensusParameters consensus) {

  /** The smallest transaction limit that still fits a report of the largest evidence. */
  public static final int MIN_TRANSACTION_BYTES = 1_024;

  /**
   * Parameters of a single-witness chain that holds no elections ({@link
   * ConsensusParameters#SOLO}).
   */
  public Parameters(
      long blockIntervalMs,
      Map<TransactionType, Long> fees,
      long candidateDeposit,
      int maxBlockTransactions,
      int maxAnchorsPerTransaction,
      int maxTransactionBytes,
      long maxTimestampDriftMs) {
    this(
        blockIntervalMs,
        fees,
        candidateDeposit,
        maxBlockTransactions,
        maxAnchorsPerTransaction,
        maxTransactionBytes,
        maxTimestampDriftMs,
        ConsensusParameters.SOLO);
  }

  public Parameters {
    Objects.requireNonNull(consensus, "consensus");
    fees = Map.copyOf(new EnumMap<>(fees));
    require(blockIntervalMs >= 10 && blockIntervalMs <= 3_600_000, "blockIntervalMs 10..3600000");
    for (TransactionType type : TransactionType.values()) {
      Long fee = fees.get(type);
      require(fee != null && fee >= 0, "fees." + type.label() + " present and not negative");
    }
    require(candidateDeposit > 0, "candidateDeposit positive");
    require(
        maxBlockTransactions >= 1 && maxBlockTransactions <= 100_000,
        "maxBlockTransactions 1..100000");
    require(
        maxAnchorsPerTransaction >= 1 && maxAnchorsPerTransaction <= Transaction.MAX_ANCHORS,
        "maxAnchorsPerTransaction 1..100");
    require(
        maxTransactionBytes >= MIN_TRANSACTION_BYTES
            && maxTransactionBytes <= Transaction.MAX_BYTES,
        "maxTransactionBytes " + MIN_TRANSACTION_BYTES + ".." + Transaction.MAX_BYTES);
    require(maxTimestampDriftMs >= 1000, "maxTimestampDriftMs at least 1000");
  }

  private static void require(boolean ok, String rule) {
    if (!ok) {
      throw new SteleException("genesis.parameters", "parameter out of range: " + rule);
    }
  }

  /**
   * Defaults for a development network: one block a second from a solo witness, small fixed fees,
   * and {@link ConsensusParameters#DEVNET} for witnesses that take turns.
   */
  public static Parameters devnet() {
    Map<TransactionType, Long> fees = new EnumMap<>(TransactionType.class);
    fees.put(TransactionType.TRANSFER, 1_000L);
    fees.put(TransactionType.ANCHOR, 2_000L);
    fees.put(TransactionType.REGISTER_CANDIDATE, 100_000L);
    fees.put(TransactionType.VOTE, 1_000L);
    fees.put(TransactionType.EVIDENCE, 1_000L);
    return new Parameters(
        1_000, fees, 1_000_000_000L, 20_000, 100, 8_192, 600_000, ConsensusParameters.DEVNET);
  }

  /**
   * Transactions per block on a devnet whose witnesses take turns. Every witness executes a
   * proposal before it prevotes, so a block must validate well inside t_o (1 s): a block of this
   * size does on a loaded two-core machine, where one of 20,000 (the solo devnet's limit, one block
   * a second) took 4 to 5 s and failed its round. A backlog then drains over several blocks instead
   * of growing one block too big to vote on. At one block per t_w (200 ms) this still allows 10,000
   * transfers/s.
   */
  public static final int WITNESS_DEVNET_BLOCK_TRANSACTIONS = 2_000;

  /** The same parameters with another limit of transactions per block. */
  public Parameters withMaxBlockTransactions(int limit) {
    return new Parameters(
        blockIntervalMs,
        fees,
        candidateDeposit,
        limit,
        maxAnchorsPerTransaction,
        maxTransactionBytes,
        maxTimestampDriftMs,
        consensus);
  }

  /** The same parameters with other consensus parameters. */
  public Parameters withConsensus(ConsensusParameters other) {
    return new Parameters(
        blockIntervalMs,
        fees,
        candidateDeposit,
        maxBlockTransactions,
        maxAnchorsPerTransaction,
        maxTransactionBytes,
        maxTimestampDriftMs,
        other);
  }

  public long fee(TransactionType type) {
    return fees.get(type);
  }

  /** The binary form committed in the genesis block (docs/ledger.md). */
  void write(ByteWriter w) {
    w.i64(blockIntervalMs);
    for (TransactionType type : TransactionType.values()) {
      w.u8(type.code()).i64(fees.get(type));
    }
    w.i64(candidateDeposit)
        .u32(maxBlockTransactions)
        .u32(maxAnchorsPerTransaction)
        .u32(maxTransactionBytes)
        .i64(maxTimestampDriftMs)
        .u8(consensus.witnessCount())
        .i64(consensus.termBlocks())
        .i64(consensus.interimBlocks())
        .i64(consensus.minBlockIntervalMs())
        .i64(consensus.producerTimeoutMs())
        .i64(consensus.banBlocks());
  }
}

package io.stele.ledger.genesis;

import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionType;
import java.util.EnumMap;
import java.util.Map;

/**
 * Chain parameters fixed by the genesis file. Fees are minimum fees in minor units, one per
 * transaction type; the fee of an included transaction goes to the block's producer.
 */
public record Parameters(
    long blockIntervalMs,
    Map<TransactionType, Long> fees,
    long candidateDeposit,
    int maxBlockTransactions,
    int maxAnchorsPerTransaction,
    int maxTransactionBytes,
    long maxTimestampDriftMs) {

  public Parameters {
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
        maxTransactionBytes >= 256 && maxTransactionBytes <= Transaction.MAX_BYTES,
        "maxTransactionBytes 256.." + Transaction.MAX_BYTES);
    require(maxTimestampDriftMs >= 1000, "maxTimestampDriftMs at least 1000");
  }

  private static void require(boolean ok, String rule) {
    if (!ok) {
      throw new SteleException("genesis.parameters", "parameter out of range: " + rule);
    }
  }

  /** Defaults for a development network: one block a second, small fixed fees. */
  public static Parameters devnet() {
    Map<TransactionType, Long> fees = new EnumMap<>(TransactionType.class);
    fees.put(TransactionType.TRANSFER, 1_000L);
    fees.put(TransactionType.ANCHOR, 2_000L);
    fees.put(TransactionType.REGISTER_CANDIDATE, 100_000L);
    fees.put(TransactionType.VOTE, 1_000L);
    return new Parameters(1_000, fees, 1_000_000_000L, 20_000, 100, 8_192, 600_000);
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
        .i64(maxTimestampDriftMs);
  }
}

package io.stele.ledger.consensus;

import io.stele.core.error.SteleException;

/**
 * The DPoVP parameters a chain fixes at genesis.
 *
 * @param witnessCount seats in a witness set, N (1..21)
 * @param termBlocks blocks per term, T; a snapshot is taken every T blocks
 * @param interimBlocks blocks between a snapshot and the term it elects, I (0 &le; I &lt; T)
 * @param minBlockIntervalMs t_w: the next producer in line waits this long after the head
 * @param producerTimeoutMs t_o: how long each producer gets before the one after it may step in
 * @param banBlocks how long included evidence keeps the offender out of elections
 */
public record ConsensusParameters(
    int witnessCount,
    long termBlocks,
    long interimBlocks,
    long minBlockIntervalMs,
    long producerTimeoutMs,
    long banBlocks) {

  public static final int MAX_WITNESSES = 21;
  private static final long MAX_MILLIS = 3_600_000;

  /**
   * A chain with one witness that never holds an election: no height is ever a snapshot, so the
   * genesis witness produces every block (the solo engine needs exactly that).
   */
  public static final ConsensusParameters SOLO =
      new ConsensusParameters(1, Long.MAX_VALUE, 0, 1_000, 1_000, 1_000);

  /** Development networks: 4 seats, terms of 100 blocks, an interim of 10, t_w 200, t_o 1000. */
  public static final ConsensusParameters DEVNET =
      new ConsensusParameters(4, 100, 10, 200, 1_000, 1_000);

  public ConsensusParameters {
    require(witnessCount >= 1 && witnessCount <= MAX_WITNESSES, "witnessCount must be 1..21");
    require(termBlocks >= 1, "termBlocks must be at least 1");
    require(
        interimBlocks >= 0 && interimBlocks < termBlocks,
        "interimBlocks must be at least 0 and below termBlocks");
    require(
        minBlockIntervalMs >= 1 && minBlockIntervalMs <= producerTimeoutMs,
        "minBlockIntervalMs must be at least 1 and at most producerTimeoutMs");
    require(producerTimeoutMs <= MAX_MILLIS, "producerTimeoutMs must be at most 3600000");
    require(banBlocks >= 1, "banBlocks must be at least 1");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new SteleException("consensus.parameters", message);
    }
  }
}

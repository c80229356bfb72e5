package io.stele.ledger.sync;

/**
 * The ledger's message type tags on the peer network, all in one place (layouts in
 * docs/network.md). Tags {@link #CONSENSUS_FIRST} to {@link #CONSENSUS_LAST} are reserved for the
 * consensus engine (proposal, prevote, precommit, confirmation, evidence); a node ignores a tag it
 * does not know, so a newer peer does not get an older one banned.
 */
public final class MessageTypes {
  /**
   * Direct: transactions the sender admitted, relayed in one message ({@link TransactionBatch}).
   * Tag 0x01, one gossiped transaction, is retired.
   */
  public static final int TX_BATCH = 0x03;

  /** Gossip: a block that just became final, with its finality certificate. */
  public static final int FINAL_BLOCK = 0x02;

  /** Direct: asks for the peer's final height and hash (empty body). */
  public static final int STATUS_REQUEST = 0x10;

  /** Direct: the answer to {@link #STATUS_REQUEST}. */
  public static final int STATUS = 0x11;

  /** Direct: asks for certified headers from a height on. */
  public static final int HEADERS_REQUEST = 0x12;

  /** Direct: headers, each with its producer signature and finality certificate. */
  public static final int HEADERS = 0x13;

  /** Direct: asks for whole blocks from a height on. */
  public static final int BLOCKS_REQUEST = 0x14;

  /** Direct: whole blocks in height order. */
  public static final int BLOCKS = 0x15;

  /** First tag reserved for the consensus engine. */
  public static final int CONSENSUS_FIRST = 0x20;

  /** Last tag reserved for the consensus engine. */
  public static final int CONSENSUS_LAST = 0x3F;

  private MessageTypes() {}
}

package io.stele.api;

import io.stele.ledger.tx.Transaction;

/**
 * Bounds on what one request may carry. Everything past these is refused before it is parsed.
 *
 * @param maxRequestBytes largest request body, in bytes (413 beyond)
 * @param maxTransactionBytes largest encoded signed transaction
 * @param maxAnchorHashes most hashes in one anchor request
 * @param maxPageSize most entries in one page of account history
 */
public record ApiLimits(
    long maxRequestBytes, int maxTransactionBytes, int maxAnchorHashes, int maxPageSize) {

  /** 1 MiB bodies, transactions as large as the ledger accepts, 1000 hashes, 100 per page. */
  public static final ApiLimits DEFAULT = new ApiLimits(1 << 20, Transaction.MAX_BYTES, 1000, 100);

  public ApiLimits {
    if (maxRequestBytes < 1 || maxTransactionBytes < 1 || maxAnchorHashes < 1 || maxPageSize < 1) {
      throw new IllegalArgumentException("API limits must be positive");
    }
  }
}

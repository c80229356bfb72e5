package io.stele.workflow.anchor;

import io.stele.core.bytes.Bytes;

/**
 * Checks that an anchoring receipt proves a hash was anchored. The ledger's receipt verifier lives
 * in another module; the node binds this interface to it.
 */
@FunctionalInterface
public interface ReceiptCheck {
  /**
   * Returns normally if {@code receiptJson} proves that {@code hash} was anchored.
   *
   * @throws io.stele.core.error.SteleException with a stable code if it does not
   */
  void check(Bytes hash, String receiptJson);
}

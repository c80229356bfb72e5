package io.stele.ledger.block;

import io.stele.core.error.SteleException;
import io.stele.ledger.tx.Transaction;

/**
 * The decoders that read outside bytes, for fuzzing: each input must decode or be refused with a
 * {@link SteleException}; any other exception is a bug.
 */
final class DecoderTargets {
  private DecoderTargets() {}

  static void decodeAll(byte[] data) {
    try {
      Transaction tx = Transaction.decode(data);
      tx.hasValidSignature();
    } catch (SteleException refused) {
      // expected for most inputs
    }
    try {
      Block.decode(data);
    } catch (SteleException refused) {
      // expected for most inputs
    }
    try {
      FinalityCertificate.decode(data);
    } catch (SteleException refused) {
      // expected for most inputs
    }
  }
}

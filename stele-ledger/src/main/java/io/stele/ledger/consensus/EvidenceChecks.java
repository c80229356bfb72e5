package io.stele.ledger.consensus;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.WitnessSet;

/** Checks both kinds of {@link Evidence} share. */
final class EvidenceChecks {
  private EvidenceChecks() {}

  /** The evidence is for this chain and against a witness of the set. */
  static void verifyCommon(Evidence e, byte chainId, WitnessSet witnesses) {
    if (e.chainId() != chainId) {
      throw new SteleException(
          "evidence.chain",
          "evidence is for chain " + (char) e.chainId() + ", not " + (char) chainId);
    }
    if (!witnesses.contains(e.offender())) {
      throw new SteleException(
          "evidence.witness",
          e.offender() + " is not a witness of term " + witnesses.term() + " at " + e.height());
    }
  }

  static void requireOrdered(Bytes first, Bytes second) {
    if (first.compareTo(second) >= 0) {
      throw new SteleException(
          "evidence.order",
          "the signed hashes must differ and come in ascending order: " + first + ", " + second);
    }
  }

  static void requireSignature(PublicKey signer, byte[] message, Bytes signature, String which) {
    if (!signer.verify(message, signature.unsafeArray())) {
      throw new SteleException(
          "evidence.signature", "the " + which + " signature does not verify for " + signer);
    }
  }

  static void requireSignatureLength(Bytes signature) {
    if (signature.length() != PublicKey.SIGNATURE_LENGTH) {
      throw new SteleException(
          "evidence.signature", "a signature is 64 bytes, not " + signature.length());
    }
  }
}

package io.stele.ledger.consensus;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.WitnessSet;

/**
 * Proof that a witness signed two different things at one height (for votes: in one round). Any
 * node can check it with only the witness set of that height. Encoded as {@code u8 kind} and the
 * kind's fields; the two signed hashes appear in ascending unsigned order, so one equivocation has
 * one encoding.
 */
public sealed interface Evidence permits DoubleBlock, DoubleConfirmation {

  /** Longer than any encoding (a double block is {@value DoubleBlock#LENGTH} bytes). */
  int MAX_BYTES = DoubleBlock.LENGTH;

  byte chainId();

  long height();

  PublicKey offender();

  byte[] encode();

  /**
   * Checks that this is evidence against a witness of {@code witnesses} on chain {@code chainId}:
   * both signatures verify over two different messages for the same height. Throws a {@code
   * evidence.*} SteleException otherwise.
   */
  void verify(byte chainId, WitnessSet witnesses);

  /** SHA-256 of the encoding. */
  default Bytes id() {
    return Bytes.wrap(HashFunction.SHA256.hash(encode()));
  }

  default Offence offence() {
    return new Offence(offender(), height());
  }

  static Evidence decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new SteleException(
          "evidence.too_large", "evidence is " + bytes.length + " bytes, at most " + MAX_BYTES);
    }
    ByteReader r = new ByteReader(bytes);
    int kind = r.u8("evidence.kind");
    Evidence evidence =
        switch (kind) {
          case DoubleBlock.KIND -> DoubleBlock.read(r);
          case DoubleConfirmation.PRECOMMIT_KIND -> DoubleConfirmation.read(r, VoteType.PRECOMMIT);
          case DoubleConfirmation.PREVOTE_KIND -> DoubleConfirmation.read(r, VoteType.PREVOTE);
          default -> throw new SteleException("evidence.kind", "unknown evidence kind " + kind);
        };
    r.end("evidence");
    return evidence;
  }
}

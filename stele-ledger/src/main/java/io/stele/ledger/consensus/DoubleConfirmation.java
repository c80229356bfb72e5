package io.stele.ledger.consensus;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.WitnessSet;

/**
 * Two confirmations by one witness for two different blocks at one height. Encoded as {@code u8
 * kind (2), u8 chainId, i64 height, witness key 32, hash 32, signature 64, hash 32, signature 64},
 * the smaller hash first.
 */
public record DoubleConfirmation(
    byte chainId,
    long height,
    PublicKey offender,
    Bytes firstHash,
    Bytes firstSignature,
    Bytes secondHash,
    Bytes secondSignature)
    implements Evidence {

  public static final int KIND = 2;
  public static final int LENGTH =
      1 + 1 + 8 + PublicKey.LENGTH + 2 * (HashFunction.LENGTH + PublicKey.SIGNATURE_LENGTH);

  public DoubleConfirmation {
    if (height < 0) {
      throw new SteleException("evidence.height", "height " + height + " is negative");
    }
    if (firstHash.length() != HashFunction.LENGTH || secondHash.length() != HashFunction.LENGTH) {
      throw new SteleException("evidence.hash", "a block hash is 32 bytes");
    }
    EvidenceChecks.requireSignatureLength(firstSignature);
    EvidenceChecks.requireSignatureLength(secondSignature);
    EvidenceChecks.requireOrdered(firstHash, secondHash);
  }

  /** Evidence from two confirmations by one witness, in the order the encoding requires. */
  public static DoubleConfirmation of(
      byte chainId, long height, Bytes aHash, Confirmation a, Bytes bHash, Confirmation b) {
    if (!a.witness().equals(b.witness())) {
      throw new SteleException("evidence.producer", "the confirmations are by different witnesses");
    }
    return aHash.compareTo(bHash) < 0
        ? new DoubleConfirmation(
            chainId, height, a.witness(), aHash, a.signature(), bHash, b.signature())
        : new DoubleConfirmation(
            chainId, height, a.witness(), bHash, b.signature(), aHash, a.signature());
  }

  @Override
  public byte[] encode() {
    return new ByteWriter(LENGTH)
        .u8(KIND)
        .u8(chainId & 0xFF)
        .i64(height)
        .fixed(offender.bytes().unsafeArray())
        .fixed(firstHash.unsafeArray())
        .fixed(firstSignature.unsafeArray())
        .fixed(secondHash.unsafeArray())
        .fixed(secondSignature.unsafeArray())
        .toByteArray();
  }

  @Override
  public void verify(byte chainId, WitnessSet witnesses) {
    EvidenceChecks.verifyCommon(this, chainId, witnesses);
    EvidenceChecks.requireSignature(
        offender, Confirmation.message(chainId, height, firstHash), firstSignature, "first");
    EvidenceChecks.requireSignature(
        offender, Confirmation.message(chainId, height, secondHash), secondSignature, "second");
  }

  static DoubleConfirmation read(ByteReader r) {
    byte chainId = (byte) r.u8("evidence.chainId");
    long height = r.u63("evidence.height");
    PublicKey offender = new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "evidence.witness")));
    Bytes firstHash = Bytes.wrap(r.fixed(HashFunction.LENGTH, "evidence.firstHash"));
    Bytes firstSignature =
        Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "evidence.firstSignature"));
    Bytes secondHash = Bytes.wrap(r.fixed(HashFunction.LENGTH, "evidence.secondHash"));
    Bytes secondSignature =
        Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "evidence.secondSignature"));
    return new DoubleConfirmation(
        chainId, height, offender, firstHash, firstSignature, secondHash, secondSignature);
  }
}

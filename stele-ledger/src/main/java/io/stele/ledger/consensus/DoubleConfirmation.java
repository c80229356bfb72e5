package io.stele.ledger.consensus;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;

/**
 * Two votes of one type by one witness for two different hashes (nil is the zero hash) in one round
 * of one height: two confirmations (precommits, kind {@value #PRECOMMIT_KIND}) or two prevotes
 * (kind {@value #PREVOTE_KIND}). Encoded as {@code u8 kind, u8 chainId, i64 height, u32 round,
 * witness key 32, hash 32, signature 64, hash 32, signature 64}, the smaller hash first. Votes in
 * different rounds are not evidence: a witness may precommit another block after it unlocks.
 */
public record DoubleConfirmation(
    VoteType type,
    byte chainId,
    long height,
    int round,
    PublicKey offender,
    Bytes firstHash,
    Bytes firstSignature,
    Bytes secondHash,
    Bytes secondSignature)
    implements Evidence {

  public static final int PRECOMMIT_KIND = 2;
  public static final int PREVOTE_KIND = 3;
  public static final int LENGTH =
      1 + 1 + 8 + 4 + PublicKey.LENGTH + 2 * (HashFunction.LENGTH + PublicKey.SIGNATURE_LENGTH);

  public DoubleConfirmation {
    if (height < 0) {
      throw new SteleException("evidence.height", "height " + height + " is negative");
    }
    if (round < 0) {
      throw new SteleException("evidence.round", "round " + round + " is negative");
    }
    if (firstHash.length() != HashFunction.LENGTH || secondHash.length() != HashFunction.LENGTH) {
      throw new SteleException("evidence.hash", "a block hash is 32 bytes");
    }
    EvidenceChecks.requireSignatureLength(firstSignature);
    EvidenceChecks.requireSignatureLength(secondSignature);
    EvidenceChecks.requireOrdered(firstHash, secondHash);
  }

  /** Evidence from two votes of {@code type} by one witness, in the order the encoding requires. */
  public static DoubleConfirmation of(
      VoteType type,
      byte chainId,
      long height,
      int round,
      Bytes aHash,
      Confirmation a,
      Bytes bHash,
      Confirmation b) {
    if (!a.witness().equals(b.witness())) {
      throw new SteleException("evidence.producer", "the votes are by different witnesses");
    }
    return aHash.compareTo(bHash) < 0
        ? new DoubleConfirmation(
            type, chainId, height, round, a.witness(), aHash, a.signature(), bHash, b.signature())
        : new DoubleConfirmation(
            type, chainId, height, round, a.witness(), bHash, b.signature(), aHash, a.signature());
  }

  public int kind() {
    return type == VoteType.PRECOMMIT ? PRECOMMIT_KIND : PREVOTE_KIND;
  }

  @Override
  public byte[] encode() {
    return new ByteWriter(LENGTH)
        .u8(kind())
        .u8(chainId & 0xFF)
        .i64(height)
        .u32(round)
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
        offender,
        Confirmation.message(type, chainId, height, round, firstHash),
        firstSignature,
        "first");
    EvidenceChecks.requireSignature(
        offender,
        Confirmation.message(type, chainId, height, round, secondHash),
        secondSignature,
        "second");
  }

  static DoubleConfirmation read(ByteReader r, VoteType type) {
    byte chainId = (byte) r.u8("evidence.chainId");
    long height = r.u63("evidence.height");
    int round = FinalityCertificate.round(r.u32("evidence.round"));
    PublicKey offender = new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "evidence.witness")));
    Bytes firstHash = Bytes.wrap(r.fixed(HashFunction.LENGTH, "evidence.firstHash"));
    Bytes firstSignature =
        Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "evidence.firstSignature"));
    Bytes secondHash = Bytes.wrap(r.fixed(HashFunction.LENGTH, "evidence.secondHash"));
    Bytes secondSignature =
        Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "evidence.secondSignature"));
    return new DoubleConfirmation(
        type,
        chainId,
        height,
        round,
        offender,
        firstHash,
        firstSignature,
        secondHash,
        secondSignature);
  }
}

package io.stele.ledger.consensus;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;

/**
 * Two different block headers for one height, both signed by their producer. Encoded as {@code u8
 * kind (1), header (250), signature 64, header (250), signature 64}, the header with the smaller
 * hash first.
 */
public record DoubleBlock(
    BlockHeader first, Bytes firstSignature, BlockHeader second, Bytes secondSignature)
    implements Evidence {

  public static final int KIND = 1;
  public static final int LENGTH = 1 + 2 * (BlockHeader.LENGTH + PublicKey.SIGNATURE_LENGTH);

  public DoubleBlock {
    EvidenceChecks.requireSignatureLength(firstSignature);
    EvidenceChecks.requireSignatureLength(secondSignature);
    EvidenceChecks.requireOrdered(first.hash(), second.hash());
  }

  /** Orders the two signed headers as the encoding requires. */
  public static DoubleBlock of(BlockHeader a, Bytes aSignature, BlockHeader b, Bytes bSignature) {
    return a.hash().compareTo(b.hash()) < 0
        ? new DoubleBlock(a, aSignature, b, bSignature)
        : new DoubleBlock(b, bSignature, a, aSignature);
  }

  @Override
  public byte chainId() {
    return first.chainId();
  }

  @Override
  public long height() {
    return first.height();
  }

  @Override
  public PublicKey offender() {
    return first.producer();
  }

  @Override
  public byte[] encode() {
    return new ByteWriter(LENGTH)
        .u8(KIND)
        .fixed(first.encode())
        .fixed(firstSignature.unsafeArray())
        .fixed(second.encode())
        .fixed(secondSignature.unsafeArray())
        .toByteArray();
  }

  @Override
  public void verify(byte chainId, WitnessSet witnesses) {
    if (second.chainId() != first.chainId()) {
      throw new SteleException("evidence.chain", "the two headers are for different chains");
    }
    if (second.height() != first.height()) {
      throw new SteleException(
          "evidence.height",
          "the headers are for heights " + first.height() + " and " + second.height());
    }
    if (!second.producer().equals(first.producer())) {
      throw new SteleException("evidence.producer", "the headers have different producers");
    }
    EvidenceChecks.verifyCommon(this, chainId, witnesses);
    EvidenceChecks.requireSignature(offender(), first.encode(), firstSignature, "first");
    EvidenceChecks.requireSignature(offender(), second.encode(), secondSignature, "second");
  }

  static DoubleBlock read(ByteReader r) {
    BlockHeader first = BlockHeader.decode(r.fixed(BlockHeader.LENGTH, "evidence.first"));
    Bytes firstSignature =
        Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "evidence.firstSignature"));
    BlockHeader second = BlockHeader.decode(r.fixed(BlockHeader.LENGTH, "evidence.second"));
    Bytes secondSignature =
        Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "evidence.secondSignature"));
    return new DoubleBlock(first, firstSignature, second, secondSignature);
  }
}

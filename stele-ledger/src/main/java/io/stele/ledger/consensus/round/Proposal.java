package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.FinalityCertificate;

/**
 * The proposer of a round offering a block, signed by the proposer over {@code u8 3, u8 chainId,
 * i64 height, u32 round, i32 validRound, block hash 32} ({@value #MESSAGE_LENGTH} bytes). The block
 * carries its own producer's signature, which is the proposer's unless it re-proposes the block it
 * saw a polka for in {@code validRound} (-1 when none). Wire body: {@code u8 chainId, i64 height,
 * u32 round, i32 validRound, proposer 32, signature 64, block}.
 */
public record Proposal(
    byte chainId,
    long height,
    int round,
    int validRound,
    Block block,
    PublicKey proposer,
    Bytes signature) {

  public static final int MESSAGE_TYPE = 3;
  public static final int MESSAGE_LENGTH = 1 + 1 + 8 + 4 + 4 + HashFunction.LENGTH;
  private static final int PREFIX_LENGTH =
      1 + 8 + 4 + 4 + PublicKey.LENGTH + PublicKey.SIGNATURE_LENGTH;

  public Proposal {
    if (round < 0 || validRound < -1 || validRound >= round) {
      throw new SteleException(
          "proposal.round", "valid round " + validRound + " must lie in -1.." + (round - 1));
    }
  }

  public static byte[] message(byte chainId, long height, int round, int validRound, Bytes hash) {
    return new ByteWriter(MESSAGE_LENGTH)
        .u8(MESSAGE_TYPE)
        .u8(chainId & 0xFF)
        .i64(height)
        .u32(round)
        .u32(validRound & 0xFFFFFFFFL)
        .fixed(hash.unsafeArray())
        .toByteArray();
  }

  public static Proposal sign(KeyPair proposer, int round, int validRound, Block block) {
    byte chainId = block.header().chainId();
    byte[] signature =
        proposer.sign(message(chainId, block.height(), round, validRound, block.hash()));
    return new Proposal(
        chainId,
        block.height(),
        round,
        validRound,
        block,
        proposer.publicKey(),
        Bytes.wrap(signature));
  }

  /** The proposer's signature and the block's producer signature both verify. */
  public boolean verify() {
    return proposer.verify(
            message(chainId, height, round, validRound, block.hash()), signature.unsafeArray())
        && block.hasValidProducerSignature();
  }

  public byte[] encodeBody() {
    byte[] blockBytes = block.encode();
    return new ByteWriter(PREFIX_LENGTH + blockBytes.length)
        .u8(chainId & 0xFF)
        .i64(height)
        .u32(round)
        .u32(validRound & 0xFFFFFFFFL)
        .fixed(proposer.bytes().unsafeArray())
        .fixed(signature.unsafeArray())
        .fixed(blockBytes)
        .toByteArray();
  }

  /**
   * Decodes a body of at most {@code maxBytes} strictly: the block decodes with its roots checked,
   * and its chain and height are the proposal's. Signatures are not checked here.
   */
  public static Proposal decodeBody(byte[] body, int maxBytes) {
    if (body.length > maxBytes) {
      throw new SteleException(
          "proposal.too_large", "proposal is " + body.length + " bytes, at most " + maxBytes);
    }
    ByteReader r = new ByteReader(body);
    byte chainId = (byte) r.u8("proposal.chainId");
    long height = r.u63("proposal.height");
    int round = FinalityCertificate.round(r.u32("proposal.round"));
    int validRound = (int) r.u32("proposal.validRound");
    PublicKey proposer = new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "proposal.proposer")));
    Bytes signature = Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "proposal.signature"));
    Block block = Block.decode(r.fixed(r.remaining(), "proposal.block"));
    if (block.header().chainId() != chainId || block.height() != height) {
      throw new SteleException(
          "proposal.block", "the block is not for the proposal's chain and height");
    }
    return new Proposal(chainId, height, round, validRound, block, proposer, signature);
  }
}

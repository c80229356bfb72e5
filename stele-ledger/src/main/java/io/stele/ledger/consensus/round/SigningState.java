package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.FinalityCertificate;

/**
 * What a witness must remember across crashes so that it never signs twice: the last (height,
 * round, step) it signed and the hash it signed there, its lock and valid block at that height, and
 * the block it produced at that height (it never produces a second). Nullable blocks mean none.
 *
 * <p>Encoding (for stores): {@code u8 version (1), i64 height, u32 round, u8 step (0 nothing signed
 * yet, 1 propose, 2 prevote, 3 precommit), hash 32, i32 lockedRound, bytes32 lockedBlock, i32
 * validRound, bytes32 validBlock, bytes32 producedBlock}, an empty block meaning none.
 */
public record SigningState(
    long height,
    int round,
    Step step,
    Bytes signedHash,
    int lockedRound,
    Block lockedBlock,
    int validRound,
    Block validBlock,
    Block producedBlock) {

  /** A witness of a new chain that has signed nothing. */
  public static final SigningState INITIAL =
      new SigningState(0, 0, null, Vote.NIL, -1, null, -1, null, null);

  private static final int VERSION = 1;

  /** Locks and valid block at one height, which move with the rounds. */
  public record Locks(int lockedRound, Block lockedBlock, int validRound, Block validBlock) {
    public static final Locks NONE = new Locks(-1, null, -1, null);
  }

  public Locks locks() {
    return new Locks(lockedRound, lockedBlock, validRound, validBlock);
  }

  /** Compares (height, round, step) with this state's; nothing signed sorts first. */
  int compareTo(long otherHeight, int otherRound, Step otherStep) {
    int byHeight = Long.compare(height, otherHeight);
    if (byHeight != 0) {
      return byHeight;
    }
    int byRound = Integer.compare(round, otherRound);
    if (byRound != 0) {
      return byRound;
    }
    return Integer.compare(stepCode(step), stepCode(otherStep));
  }

  public byte[] encode() {
    byte[] locked = blockBytes(lockedBlock);
    byte[] valid = blockBytes(validBlock);
    byte[] produced = blockBytes(producedBlock);
    return new ByteWriter(96 + locked.length + valid.length + produced.length)
        .u8(VERSION)
        .i64(height)
        .u32(round)
        .u8(stepCode(step))
        .fixed(signedHash.unsafeArray())
        .u32(lockedRound & 0xFFFFFFFFL)
        .bytes32(locked)
        .u32(validRound & 0xFFFFFFFFL)
        .bytes32(valid)
        .bytes32(produced)
        .toByteArray();
  }

  public static SigningState decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    int version = r.u8("signing.version");
    if (version != VERSION) {
      throw new SteleException("store.corrupt", "unknown signing state version " + version);
    }
    long height = r.u63("signing.height");
    int round = FinalityCertificate.round(r.u32("signing.round"));
    int code = r.u8("signing.step");
    if (code > 3) {
      throw new SteleException("store.corrupt", "unknown signing step " + code);
    }
    Step step = code == 0 ? null : Step.values()[code - 1];
    Bytes hash = Bytes.wrap(r.fixed(HashFunction.LENGTH, "signing.hash"));
    int lockedRound = (int) r.u32("signing.lockedRound");
    Block locked = block(r.bytes32(Block.MAX_BYTES, "signing.lockedBlock"));
    int validRound = (int) r.u32("signing.validRound");
    Block valid = block(r.bytes32(Block.MAX_BYTES, "signing.validBlock"));
    Block produced = block(r.bytes32(Block.MAX_BYTES, "signing.producedBlock"));
    r.end("signing state");
    return new SigningState(
        height, round, step, hash, lockedRound, locked, validRound, valid, produced);
  }

  private static int stepCode(Step step) {
    return step == null ? 0 : step.ordinal() + 1;
  }

  private static byte[] blockBytes(Block block) {
    return block == null ? new byte[0] : block.encode();
  }

  private static Block block(byte[] bytes) {
    return bytes.length == 0 ? null : Block.decode(bytes);
  }
}

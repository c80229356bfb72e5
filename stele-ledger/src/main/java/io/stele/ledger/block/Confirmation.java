package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;

/**
 * A witness's precommit: its signature that a block is the one it accepts at a height in a round.
 * Ed25519 over the {@value #MESSAGE_LENGTH}-byte vote message {@code u8 vote type, u8 chain id, i64
 * height, u32 round, header hash 32} with type {@link VoteType#PRECOMMIT}; a prevote signs the same
 * fields under {@link VoteType#PREVOTE}, so one can never pass for the other.
 */
public record Confirmation(PublicKey witness, Bytes signature) {

  public static final int MESSAGE_LENGTH = 1 + 1 + 8 + 4 + HashFunction.LENGTH;

  /** The two votes of a round; the code is the first byte of the signed message. */
  public enum VoteType {
    PREVOTE(1),
    PRECOMMIT(2);

    private final int code;

    VoteType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** The bytes a vote of {@code type} signs. {@code round} is 0 or more. */
  public static byte[] message(VoteType type, byte chainId, long height, int round, Bytes hash) {
    if (round < 0) {
      throw new IllegalArgumentException("round " + round + " is negative");
    }
    return new ByteWriter(MESSAGE_LENGTH)
        .u8(type.code())
        .u8(chainId & 0xFF)
        .i64(height)
        .u32(round)
        .fixed(hash.unsafeArray())
        .toByteArray();
  }

  /** The bytes a confirmation (precommit) signs. */
  public static byte[] message(byte chainId, long height, int round, Bytes headerHash) {
    return message(VoteType.PRECOMMIT, chainId, height, round, headerHash);
  }

  public static Confirmation sign(
      KeyPair witness, byte chainId, long height, int round, Bytes headerHash) {
    return new Confirmation(
        witness.publicKey(), Bytes.wrap(witness.sign(message(chainId, height, round, headerHash))));
  }

  public boolean verify(byte chainId, long height, int round, Bytes headerHash) {
    return witness.verify(message(chainId, height, round, headerHash), signature.unsafeArray());
  }
}

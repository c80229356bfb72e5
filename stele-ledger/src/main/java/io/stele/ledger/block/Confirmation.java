package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;

/**
 * A witness's signature that a block is the one it accepts at that height: Ed25519 over {@code
 * chain id u8, height i64, header hash 32} (41 bytes).
 */
public record Confirmation(PublicKey witness, Bytes signature) {

  public static byte[] message(byte chainId, long height, Bytes headerHash) {
    return new ByteWriter(41)
        .u8(chainId & 0xFF)
        .i64(height)
        .fixed(headerHash.unsafeArray())
        .toByteArray();
  }

  public static Confirmation sign(KeyPair witness, byte chainId, long height, Bytes headerHash) {
    return new Confirmation(
        witness.publicKey(), Bytes.wrap(witness.sign(message(chainId, height, headerHash))));
  }

  public boolean verify(byte chainId, long height, Bytes headerHash) {
    return witness.verify(message(chainId, height, headerHash), signature.unsafeArray());
  }
}

package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.FinalityCertificate;

/**
 * A signed prevote or precommit for a block hash, or for nothing ({@link #NIL}, 32 zero bytes), in
 * one round of one height. The signature covers {@link Confirmation#message}; a precommit for a
 * block is a {@link Confirmation}. Wire body: {@code u8 chainId, i64 height, u32 round, hash 32,
 * witness 32, signature 64} ({@value #BODY_LENGTH} bytes); the message tag gives the type.
 */
public record Vote(
    VoteType type,
    byte chainId,
    long height,
    int round,
    Bytes hash,
    PublicKey witness,
    Bytes signature) {

  public static final Bytes NIL = Bytes.wrap(new byte[HashFunction.LENGTH]);
  public static final int BODY_LENGTH =
      1 + 8 + 4 + HashFunction.LENGTH + PublicKey.LENGTH + PublicKey.SIGNATURE_LENGTH;

  public static Vote sign(
      KeyPair key, VoteType type, byte chainId, long height, int round, Bytes hash) {
    byte[] signature = key.sign(Confirmation.message(type, chainId, height, round, hash));
    return new Vote(type, chainId, height, round, hash, key.publicKey(), Bytes.wrap(signature));
  }

  public boolean isNil() {
    return hash.equals(NIL);
  }

  public boolean verify() {
    return witness.verify(
        Confirmation.message(type, chainId, height, round, hash), signature.unsafeArray());
  }

  /** This precommit as a confirmation of {@link #hash()}. */
  public Confirmation confirmation() {
    return new Confirmation(witness, signature);
  }

  public byte[] encodeBody() {
    return new ByteWriter(BODY_LENGTH)
        .u8(chainId & 0xFF)
        .i64(height)
        .u32(round)
        .fixed(hash.unsafeArray())
        .fixed(witness.bytes().unsafeArray())
        .fixed(signature.unsafeArray())
        .toByteArray();
  }

  /** Decodes a body strictly; the signature is not checked here. */
  public static Vote decodeBody(VoteType type, byte[] body) {
    ByteReader r = new ByteReader(body);
    byte chainId = (byte) r.u8("vote.chainId");
    long height = r.u63("vote.height");
    int round = FinalityCertificate.round(r.u32("vote.round"));
    Bytes hash = Bytes.wrap(r.fixed(HashFunction.LENGTH, "vote.hash"));
    PublicKey witness = new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "vote.witness")));
    Bytes signature = Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "vote.signature"));
    r.end("vote");
    return new Vote(type, chainId, height, round, hash, witness, signature);
  }
}

package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proof that a block is final: confirmations (precommits) of one header in one round by at least
 * {@link WitnessSet#threshold()} of the witnesses. Encoded as {@code chain id u8, height i64, round
 * u32, header hash 32, count u16, count x (witness 32, signature 64)}.
 */
public record FinalityCertificate(
    byte chainId, long height, int round, Bytes headerHash, List<Confirmation> confirmations) {

  /** Decoder bound on confirmations. */
  public static final int MAX_CONFIRMATIONS = 1024;

  /** Bytes before the confirmations. */
  public static final int PREFIX_LENGTH = 1 + 8 + 4 + HashFunction.LENGTH + 2;

  /** Decoder bound on an encoded certificate. */
  public static final int MAX_BYTES = PREFIX_LENGTH + MAX_CONFIRMATIONS * 96;

  public FinalityCertificate {
    if (round < 0) {
      throw new IllegalArgumentException("round " + round + " is negative");
    }
    confirmations = List.copyOf(confirmations);
  }

  public byte[] encode() {
    ByteWriter w = new ByteWriter(PREFIX_LENGTH + 96 * confirmations.size());
    w.u8(chainId & 0xFF).i64(height).u32(round).fixed(headerHash.unsafeArray());
    w.u16(confirmations.size());
    for (Confirmation c : confirmations) {
      w.fixed(c.witness().bytes().unsafeArray()).fixed(c.signature().unsafeArray());
    }
    return w.toByteArray();
  }

  public static FinalityCertificate decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new SteleException(
          "certificate.too_large", "certificate is " + bytes.length + " bytes");
    }
    ByteReader r = new ByteReader(bytes);
    byte chainId = (byte) r.u8("certificate.chainId");
    long height = r.u63("certificate.height");
    int round = round(r.u32("certificate.round"));
    Bytes headerHash = Bytes.wrap(r.fixed(HashFunction.LENGTH, "certificate.headerHash"));
    int count = r.u16("certificate.count");
    if (count > MAX_CONFIRMATIONS) {
      throw new SteleException("certificate.too_large", count + " confirmations");
    }
    List<Confirmation> confirmations = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PublicKey witness =
          new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "certificate.witness")));
      Bytes signature = Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "certificate.signature"));
      confirmations.add(new Confirmation(witness, signature));
    }
    r.end("finality certificate");
    return new FinalityCertificate(chainId, height, round, headerHash, confirmations);
  }

  /** A u32 round read from the wire, refused above {@code Integer.MAX_VALUE}. */
  public static int round(long value) {
    if (value > Integer.MAX_VALUE) {
      throw new SteleException("codec.range", "round " + value + " is above " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  /**
   * Checks that this certificate finalizes {@code header} under {@code witnesses}: same chain,
   * height and hash, each confirmation (a precommit in this certificate's round) from a distinct
   * witness with a valid signature, and at least the threshold of them. Throws with the first thing
   * that does not check out.
   */
  public void verify(BlockHeader header, WitnessSet witnesses) {
    if (chainId != header.chainId()) {
      throw new SteleException("certificate.chain", "certificate is for another chain");
    }
    if (height != header.height()) {
      throw new SteleException(
          "certificate.height",
          "certificate is for height " + height + ", header is " + header.height());
    }
    if (!headerHash.equals(header.hash())) {
      throw new SteleException("certificate.header", "certificate confirms another header");
    }
    Set<PublicKey> seen = new HashSet<>();
    for (Confirmation c : confirmations) {
      if (!witnesses.contains(c.witness())) {
        throw new SteleException("certificate.witness", c.witness() + " is not a witness");
      }
      if (!seen.add(c.witness())) {
        throw new SteleException("certificate.duplicate", c.witness() + " confirms twice");
      }
      if (!c.verify(chainId, height, round, headerHash)) {
        throw new SteleException(
            "certificate.signature", "confirmation by " + c.witness() + " has a bad signature");
      }
    }
    if (seen.size() < witnesses.threshold()) {
      throw new SteleException(
          "certificate.threshold",
          seen.size()
              + " confirmations, "
              + witnesses.threshold()
              + " of "
              + witnesses.witnesses().size()
              + " witnesses needed");
    }
  }
}

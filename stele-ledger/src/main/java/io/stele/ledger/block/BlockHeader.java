package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;

/**
 * A block header. Its encoding (fixed size, {@link #LENGTH} bytes) is what the producer signs and
 * what the block hash (SHA-256) covers; the field order is documented in docs/ledger.md. {@code
 * witnessSetHash} is the hash of the witness set producing this height; {@code nextWitnessSetHash}
 * is zero bytes except at a snapshot height, where it is the hash of the set the snapshot elects.
 */
public record BlockHeader(
    byte chainId,
    long height,
    Bytes parentHash,
    long timestamp,
    PublicKey producer,
    Bytes transactionsRoot,
    Bytes anchorRootSha256,
    Bytes anchorRootSha3,
    long anchorCount,
    Bytes stateRoot,
    Bytes witnessSetHash,
    Bytes nextWitnessSetHash,
    int transactionCount) {

  public static final int VERSION = 2;
  public static final int LENGTH = 1 + 1 + 8 + 32 + 8 + 32 + 32 + 32 + 32 + 4 + 32 + 32 + 32 + 4;

  /** The next witness set hash of every height that is not a snapshot. */
  public static final Bytes NO_NEXT_WITNESS_SET = Bytes.wrap(new byte[HashFunction.LENGTH]);

  public BlockHeader {
    for (Bytes hash :
        new Bytes[] {
          parentHash,
          transactionsRoot,
          anchorRootSha256,
          anchorRootSha3,
          stateRoot,
          witnessSetHash,
          nextWitnessSetHash
        }) {
      if (hash.length() != HashFunction.LENGTH) {
        throw new IllegalArgumentException("header hashes are 32 bytes");
      }
    }
  }

  /** A header that commits no next witness set: any height but a snapshot. */
  public BlockHeader(
      byte chainId,
      long height,
      Bytes parentHash,
      long timestamp,
      PublicKey producer,
      Bytes transactionsRoot,
      Bytes anchorRootSha256,
      Bytes anchorRootSha3,
      long anchorCount,
      Bytes stateRoot,
      Bytes witnessSetHash,
      int transactionCount) {
    this(
        chainId,
        height,
        parentHash,
        timestamp,
        producer,
        transactionsRoot,
        anchorRootSha256,
        anchorRootSha3,
        anchorCount,
        stateRoot,
        witnessSetHash,
        NO_NEXT_WITNESS_SET,
        transactionCount);
  }

  public byte[] encode() {
    ByteWriter w = new ByteWriter(LENGTH);
    w.u8(VERSION).u8(chainId & 0xFF).i64(height).fixed(parentHash.unsafeArray()).i64(timestamp);
    w.fixed(producer.bytes().unsafeArray()).fixed(transactionsRoot.unsafeArray());
    w.fixed(anchorRootSha256.unsafeArray()).fixed(anchorRootSha3.unsafeArray()).u32(anchorCount);
    w.fixed(stateRoot.unsafeArray()).fixed(witnessSetHash.unsafeArray());
    w.fixed(nextWitnessSetHash.unsafeArray()).u32(transactionCount);
    return w.toByteArray();
  }

  /** SHA-256 of the encoded header. */
  public Bytes hash() {
    return Bytes.wrap(HashFunction.SHA256.hash(encode()));
  }

  public static BlockHeader decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    BlockHeader header = read(r);
    r.end("block header");
    return header;
  }

  static BlockHeader read(ByteReader r) {
    int version = r.u8("header.version");
    if (version != VERSION) {
      throw new SteleException("block.version", "unknown block header version " + version);
    }
    byte chainId = (byte) r.u8("header.chainId");
    long height = r.u63("header.height");
    Bytes parent = hash(r, "header.parentHash");
    long timestamp = r.i64("header.timestamp");
    PublicKey producer = new PublicKey(hash(r, "header.producer"));
    Bytes txRoot = hash(r, "header.transactionsRoot");
    Bytes sha256 = hash(r, "header.anchorRootSha256");
    Bytes sha3 = hash(r, "header.anchorRootSha3");
    long anchorCount = r.u32("header.anchorCount");
    Bytes stateRoot = hash(r, "header.stateRoot");
    Bytes witnessSet = hash(r, "header.witnessSetHash");
    Bytes nextWitnessSet = hash(r, "header.nextWitnessSetHash");
    long txCount = r.u32("header.transactionCount");
    if (txCount > Integer.MAX_VALUE) {
      throw new SteleException("block.transaction_count", "transaction count " + txCount);
    }
    return new BlockHeader(
        chainId,
        height,
        parent,
        timestamp,
        producer,
        txRoot,
        sha256,
        sha3,
        anchorCount,
        stateRoot,
        witnessSet,
        nextWitnessSet,
        (int) txCount);
  }

  private static Bytes hash(ByteReader r, String field) {
    return Bytes.wrap(r.fixed(HashFunction.LENGTH, field));
  }
}

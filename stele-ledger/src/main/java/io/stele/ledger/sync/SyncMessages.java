package io.stele.ledger.sync;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.net.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the sync messages (big-endian; layouts in docs/network.md). Decoding is strict: counts
 * are bounded before anything is allocated, and trailing bytes are refused.
 */
public final class SyncMessages {
  /** Most headers one request may ask for. */
  public static final int MAX_HEADERS = 256;

  /** Most blocks one request may ask for. */
  public static final int MAX_BLOCKS = 64;

  /** Bound on one encoded certificate inside a message. */
  private static final int MAX_CERTIFICATE_BYTES = 43 + 96 * FinalityCertificate.MAX_CONFIRMATIONS;

  private SyncMessages() {}

  /** A node's final head: {@code i64 height, hash 32}. */
  public record Status(long finalHeight, Bytes finalHash) {
    public Message message() {
      return Message.of(
          MessageTypes.STATUS,
          new ByteWriter(40).i64(finalHeight).fixed(finalHash.unsafeArray()).toByteArray());
    }

    public static Status decode(Bytes body) {
      ByteReader r = new ByteReader(body.unsafeArray());
      Status status =
          new Status(
              r.u63("status.height"), Bytes.wrap(r.fixed(HashFunction.LENGTH, "status.hash")));
      r.end("status");
      return status;
    }
  }

  /** A request for {@code count} items from height {@code from} on: {@code i64 from, u16 count}. */
  public record Range(long from, int count) {
    public Message message(int type) {
      return Message.of(type, new ByteWriter(10).i64(from).u16(count).toByteArray());
    }

    /** Decodes a range of 1 to {@code max} items starting above the genesis block. */
    public static Range decode(Bytes body, int max) {
      ByteReader r = new ByteReader(body.unsafeArray());
      long from = r.u63("range.from");
      int count = r.u16("range.count");
      r.end("range");
      if (from < 1 || count < 1 || count > max) {
        throw new SteleException(
            "sync.range", "asks for " + count + " from " + from + "; 1.." + max + " from 1 on");
      }
      return new Range(from, count);
    }
  }

  /**
   * A header with what makes it final: {@code header (BlockHeader.LENGTH), producer signature 64,
   * u32 length, certificate}.
   */
  public record CertifiedHeader(
      BlockHeader header, Bytes producerSignature, FinalityCertificate certificate) {

    public static CertifiedHeader of(Block block, FinalityCertificate certificate) {
      return new CertifiedHeader(block.header(), block.producerSignature(), certificate);
    }

    void write(ByteWriter w) {
      w.fixed(header.encode()).fixed(producerSignature.unsafeArray());
      w.bytes32(certificate.encode());
    }

    static CertifiedHeader read(ByteReader r) {
      BlockHeader header = BlockHeader.decode(r.fixed(BlockHeader.LENGTH, "headers.header"));
      Bytes signature = Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "headers.signature"));
      FinalityCertificate certificate =
          FinalityCertificate.decode(r.bytes32(MAX_CERTIFICATE_BYTES, "headers.certificate"));
      return new CertifiedHeader(header, signature, certificate);
    }

    public Bytes hash() {
      return header.hash();
    }
  }

  /**
   * The answer to a headers request from height {@code from}, in height order (empty when the peer
   * has none): {@code i64 from, u16 count, count x CertifiedHeader}.
   */
  public record Headers(long from, List<CertifiedHeader> headers) {
    public Headers {
      headers = List.copyOf(headers);
    }

    public Message message() {
      ByteWriter w = new ByteWriter().i64(from).u16(headers.size());
      headers.forEach(h -> h.write(w));
      return Message.of(MessageTypes.HEADERS, w.toByteArray());
    }

    public static Headers decode(Bytes body) {
      ByteReader r = new ByteReader(body.unsafeArray());
      long from = r.u63("headers.from");
      int count = r.u16("headers.count");
      if (count > MAX_HEADERS) {
        throw new SteleException("sync.too_many", count + " headers, at most " + MAX_HEADERS);
      }
      List<CertifiedHeader> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(CertifiedHeader.read(r));
      }
      r.end("headers");
      return new Headers(from, out);
    }
  }

  /**
   * The answer to a blocks request from height {@code from}, whole blocks in height order (fewer
   * than asked when they would not fit one message; empty when the peer has none): {@code i64 from,
   * u16 count, count x (u32 length, block)}.
   */
  public record Blocks(long from, List<Block> blocks) {
    public Blocks {
      blocks = List.copyOf(blocks);
    }

    public Message message() {
      ByteWriter w = new ByteWriter().i64(from).u16(blocks.size());
      blocks.forEach(b -> w.bytes32(b.encode()));
      return Message.of(MessageTypes.BLOCKS, w.toByteArray());
    }

    /** Decodes blocks; each one's body is checked against its header's roots and counts. */
    public static Blocks decode(Bytes body) {
      ByteReader r = new ByteReader(body.unsafeArray());
      long from = r.u63("blocks.from");
      int count = r.u16("blocks.count");
      if (count > MAX_BLOCKS) {
        throw new SteleException("sync.too_many", count + " blocks, at most " + MAX_BLOCKS);
      }
      List<Block> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(Block.decode(r.bytes32(Block.MAX_BYTES, "blocks.block")));
      }
      r.end("blocks");
      return new Blocks(from, out);
    }
  }

  /** A block that just became final: {@code u32 length, block, u32 length, certificate}. */
  public record FinalBlock(Block block, FinalityCertificate certificate) {
    public Message message() {
      byte[] block = this.block.encode();
      byte[] certificate = this.certificate.encode();
      return Message.of(
          MessageTypes.FINAL_BLOCK,
          new ByteWriter(8 + block.length + certificate.length)
              .bytes32(block)
              .bytes32(certificate)
              .toByteArray());
    }

    public static FinalBlock decode(Bytes body) {
      ByteReader r = new ByteReader(body.unsafeArray());
      Block block = Block.decode(r.bytes32(Block.MAX_BYTES, "final_block.block"));
      FinalityCertificate certificate =
          FinalityCertificate.decode(r.bytes32(MAX_CERTIFICATE_BYTES, "final_block.certificate"));
      r.end("final block");
      return new FinalBlock(block, certificate);
    }

    public CertifiedHeader header() {
      return CertifiedHeader.of(block, certificate);
    }
  }
}

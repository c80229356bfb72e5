package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A block: header, the producer's Ed25519 signature over the encoded header, and the transactions.
 * Encoded as {@code header (LENGTH bytes), signature 64, then for each transaction: length u32,
 * bytes}. The count is the header's.
 */
public record Block(BlockHeader header, Bytes producerSignature, List<Transaction> transactions) {

  /** Decoder bound on an encoded block. */
  public static final int MAX_BYTES = 256 * 1024 * 1024;

  public static final int MAX_TRANSACTIONS = 100_000;

  public Block {
    transactions = List.copyOf(transactions);
  }

  /** Signs {@code header} as its producer. */
  public static Block seal(BlockHeader header, KeyPair producer, List<Transaction> transactions) {
    return new Block(header, Bytes.wrap(producer.sign(header.encode())), transactions);
  }

  public Bytes hash() {
    return header.hash();
  }

  public long height() {
    return header.height();
  }

  public byte[] encode() {
    int size = BlockHeader.LENGTH + PublicKey.SIGNATURE_LENGTH;
    for (Transaction tx : transactions) {
      size += 4 + tx.size();
    }
    ByteWriter w = new ByteWriter(size);
    w.fixed(header.encode()).fixed(producerSignature.unsafeArray());
    for (Transaction tx : transactions) {
      w.bytes32(tx.encoded().unsafeArray());
    }
    return w.toByteArray();
  }

  /** Decodes strictly and checks the header's roots and counts against the body. */
  public static Block decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new SteleException("block.too_large", "block is " + bytes.length + " bytes");
    }
    ByteReader r = new ByteReader(bytes);
    BlockHeader header = BlockHeader.read(r);
    Bytes signature = Bytes.wrap(r.fixed(PublicKey.SIGNATURE_LENGTH, "block.signature"));
    if (header.transactionCount() > MAX_TRANSACTIONS) {
      throw new SteleException(
          "block.transaction_count", header.transactionCount() + " transactions");
    }
    List<Transaction> txs = new ArrayList<>(Math.min(header.transactionCount(), 1024));
    for (int i = 0; i < header.transactionCount(); i++) {
      txs.add(Transaction.decode(r.bytes32(Transaction.MAX_BYTES, "block.transaction")));
    }
    r.end("block");
    Block block = new Block(header, signature, txs);
    block.checkBody();
    return block;
  }

  /** Every anchored hash of the block, in transaction order then order within the transaction. */
  public List<byte[]> anchoredHashes() {
    return anchoredHashes(transactions);
  }

  public static List<byte[]> anchoredHashes(List<Transaction> transactions) {
    List<byte[]> hashes = new ArrayList<>();
    for (Transaction tx : transactions) {
      if (tx.payload() instanceof Payload.Anchor a) {
        a.hashes().forEach(h -> hashes.add(h.unsafeArray()));
      }
    }
    return hashes;
  }

  /** RFC 6962 SHA-256 root over the transaction ids. */
  public static Bytes transactionsRoot(List<Transaction> transactions) {
    return BlockTrees.of(transactions).transactionsRoot();
  }

  /** Checks counts and roots the header commits to against the transactions. */
  public BlockTrees checkBody() {
    if (header.transactionCount() != transactions.size()) {
      throw new SteleException("block.transaction_count", "header count differs from body");
    }
    BlockTrees trees = BlockTrees.of(transactions);
    if (!header.transactionsRoot().equals(trees.transactionsRoot())) {
      throw new SteleException("block.transactions_root", "transactions root does not match");
    }
    if (header.anchorCount() != trees.anchorCount()) {
      throw new SteleException("block.anchor_count", "anchor count does not match");
    }
    if (!header.anchorRootSha256().equals(trees.anchorRootSha256())
        || !header.anchorRootSha3().equals(trees.anchorRootSha3())) {
      throw new SteleException("block.anchor_root", "anchor roots do not match");
    }
    return trees;
  }

  public boolean hasValidProducerSignature() {
    return header.producer().verify(header.encode(), producerSignature.unsafeArray());
  }
}

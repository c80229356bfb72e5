package io.stele.ledger.sync;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import io.stele.ledger.tx.Transaction;
import io.stele.net.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Transactions relayed to one peer in one message (TX_BATCH): {@code u8 flags, u16 count, count ×
 * (u32 length, encoded signed transaction)}. Flag bit 0, {@code witnessesHaveIt}, says that every
 * witness of the current set has been sent these transactions already, so a receiver passes them on
 * only to peers that are not witnesses. The other flag bits are zero. Each transaction is checked
 * by itself on receipt; the batch only frames them.
 */
public record TransactionBatch(boolean witnessesHaveIt, List<Bytes> transactions) {
  /** Most transactions in one batch. */
  public static final int MAX_TRANSACTIONS = 1_024;

  /** Most bytes of one batch body, well under the transport's 4 MiB message limit. */
  public static final int MAX_BYTES = 1 << 20;

  /** Bytes a batch spends on framing: flags and count, then a length per transaction. */
  static final int HEADER_BYTES = 3;

  static final int PER_TRANSACTION_BYTES = 4;

  private static final int WITNESSES_HAVE_IT = 0x01;

  public TransactionBatch {
    transactions = List.copyOf(transactions);
    if (transactions.isEmpty() || transactions.size() > MAX_TRANSACTIONS) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + MAX_TRANSACTIONS + " transactions, not " + transactions.size());
    }
    if (encodedSize(transactions) > MAX_BYTES) {
      throw new IllegalArgumentException("a batch body is at most " + MAX_BYTES + " bytes");
    }
  }

  /** The body size of a batch of {@code transactions}. */
  static long encodedSize(List<Bytes> transactions) {
    long size = HEADER_BYTES;
    for (Bytes tx : transactions) {
      size += PER_TRANSACTION_BYTES + tx.length();
    }
    return size;
  }

  public Message message() {
    ByteWriter w = new ByteWriter((int) encodedSize(transactions));
    w.u8(witnessesHaveIt ? WITNESSES_HAVE_IT : 0).u16(transactions.size());
    for (Bytes tx : transactions) {
      w.bytes32(tx.unsafeArray());
    }
    return Message.of(MessageTypes.TX_BATCH, w.toByteArray());
  }

  /**
   * Decodes a batch body: flags known, 1 to {@link #MAX_TRANSACTIONS} transactions, each 1 to
   * {@link Transaction#MAX_BYTES} bytes, the body at most {@link #MAX_BYTES}, nothing after.
   */
  public static TransactionBatch decode(Bytes body) {
    if (body.length() > MAX_BYTES) {
      throw new SteleException(
          "sync.batch", "batch of " + body.length() + " bytes, over " + MAX_BYTES);
    }
    ByteReader r = new ByteReader(body.unsafeArray());
    int flags = r.u8("batch.flags");
    if ((flags & ~WITNESSES_HAVE_IT) != 0) {
      throw new SteleException("sync.batch", "unknown batch flags " + flags);
    }
    int count = r.u16("batch.count");
    if (count < 1 || count > MAX_TRANSACTIONS) {
      throw new SteleException(
          "sync.batch", "batch of " + count + " transactions; 1.." + MAX_TRANSACTIONS);
    }
    List<Bytes> transactions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] tx = r.bytes32(Transaction.MAX_BYTES, "batch.transaction");
      if (tx.length == 0) {
        throw new SteleException("sync.batch", "transaction " + i + " of the batch is empty");
      }
      transactions.add(Bytes.wrap(tx));
    }
    r.end("batch");
    return new TransactionBatch(flags == WITNESSES_HAVE_IT, transactions);
  }
}

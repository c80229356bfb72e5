package io.stele.ledger.store;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The chain on disk (RocksDB, one column family per kind of record; layout in docs/ledger.md). A
 * block, its certificate, the state it changed, its indexes and the head pointer are written in one
 * synced WriteBatch, so after a crash the store holds every committed block and nothing of a
 * half-written one.
 */
public final class ChainStore implements AutoCloseable {
  private static final byte[] HEAD = "head".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LAST_SIGNED = "last-signed".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PROPOSAL = "proposal".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> FAMILIES =
      List.of(
          "blocks",
          "certificates",
          "block-hashes",
          "state",
          "transactions",
          "account-transactions",
          "anchors");

  static {
    RocksDB.loadLibrary();
  }

  /** A stored transaction and where it sits: block height and index in the block. */
  public record TxLocation(long height, int index, Transaction transaction) {}

  /** A transaction of an account's history. */
  public record TxRef(Bytes id, long height, int index) {}

  /** Where a hash was first anchored: block, position among its anchors, transaction index. */
  public record AnchorLocation(long height, int position, int transactionIndex) {}

  private final DBOptions options;
  private final ColumnFamilyOptions familyOptions;
  private final BloomFilter filter;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle certificates;
  private final ColumnFamilyHandle blockHashes;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle transactions;
  private final ColumnFamilyHandle accountTransactions;
  private final ColumnFamilyHandle anchors;
  private final WriteOptions synced = new WriteOptions().setSync(true);

  private ChainStore(
      DBOptions options,
      ColumnFamilyOptions familyOptions,
      BloomFilter filter,
      RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.options = options;
    this.familyOptions = familyOptions;
    this.filter = filter;
    this.db = db;
    this.handles = handles;
    this.meta = handles.get(0);
    this.blocks = handles.get(1);
    this.certificates = handles.get(2);
    this.blockHashes = handles.get(3);
    this.state = handles.get(4);
    this.transactions = handles.get(5);
    this.accountTransactions = handles.get(6);
    this.anchors = handles.get(7);
  }

  public static ChainStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      // Bloom filters: every submit looks up an id that is usually absent.
      BloomFilter filter = new BloomFilter(10, false);
      ColumnFamilyOptions familyOptions =
          new ColumnFamilyOptions()
              .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter));
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
      FAMILIES.forEach(
          name ->
              descriptors.add(
                  new ColumnFamilyDescriptor(
                      name.getBytes(StandardCharsets.US_ASCII), familyOptions)));
      DBOptions options =
          new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try {
        RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
        return new ChainStore(options, familyOptions, filter, db, handles);
      } catch (RocksDBException e) {
        options.close();
        familyOptions.close();
        filter.close();
        throw e;
      }
    } catch (RocksDBException | IOException e) {
      throw new SteleException("store.open", "cannot open " + dir + ": " + e.getMessage(), e);
    }
  }

  public OptionalLong headHeight() {
    byte[] value = get(meta, HEAD);
    return value == null ? OptionalLong.empty() : OptionalLong.of(longOf(value));
  }

  public long lastSignedHeight() {
    byte[] value = get(meta, LAST_SIGNED);
    return value == null ? -1 : longOf(value);
  }

  public Optional<Block> block(long height) {
    return Optional.ofNullable(get(blocks, key(height))).map(Block::decode);
  }

  public Optional<FinalityCertificate> certificate(long height) {
    return Optional.ofNullable(get(certificates, key(height))).map(FinalityCertificate::decode);
  }

  public OptionalLong heightOf(Bytes blockHash) {
    byte[] value = get(blockHashes, blockHash.unsafeArray());
    return value == null ? OptionalLong.empty() : OptionalLong.of(longOf(value));
  }

  public Optional<TxLocation> transaction(Bytes id) {
    byte[] value = get(transactions, id.unsafeArray());
    if (value == null) {
      return Optional.empty();
    }
    ByteReader r = new ByteReader(value);
    long height = r.i64("height");
    int index = (int) r.u32("index");
    return Optional.of(
        new TxLocation(height, index, Transaction.decode(r.fixed(r.remaining(), "transaction"))));
  }

  public Optional<AnchorLocation> anchor(Bytes hash) {
    byte[] value = get(anchors, hash.unsafeArray());
    if (value == null) {
      return Optional.empty();
    }
    ByteReader r = new ByteReader(value);
    return Optional.of(
        new AnchorLocation(r.i64("height"), (int) r.u32("position"), (int) r.u32("tx")));
  }

  /** One page of the account's transactions, newest first. */
  public List<TxRef> accountTransactions(Address address, int page, int pageSize) {
    byte[] prefix = address.bytes().unsafeArray();
    byte[] upper = Arrays.copyOf(prefix, prefix.length + 13);
    Arrays.fill(upper, prefix.length, upper.length, (byte) 0xFF);
    List<TxRef> out = new ArrayList<>();
    long skip = (long) page * pageSize;
    try (RocksIterator it = db.newIterator(accountTransactions)) {
      for (it.seekForPrev(upper); it.isValid() && out.size() < pageSize; it.prev()) {
        byte[] k = it.key();
        if (k.length != prefix.length + 12
            || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        if (skip > 0) {
          skip--;
          continue;
        }
        ByteReader r = new ByteReader(k, prefix.length, 12);
        out.add(new TxRef(Bytes.wrap(it.value()), r.i64("height"), (int) r.u32("index")));
      }
    }
    return out;
  }

  /** Every state entry, for rebuilding the in-memory state at start. */
  public List<Map.Entry<Bytes, byte[]>> stateEntries() {
    List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(state)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(new AbstractMap.SimpleImmutableEntry<>(Bytes.wrap(it.key()), it.value()));
      }
    }
    return out;
  }

  /**
   * Records, durably, that a block at {@code height} is about to be signed, with its unsigned
   * content: after a crash the node finishes that block instead of signing a different one.
   */
  public void saveProposal(long height, byte[] proposal) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(meta, LAST_SIGNED, key(height));
      batch.put(meta, PROPOSAL, proposal);
      db.write(synced, batch);
    } catch (RocksDBException e) {
      throw failure("save proposal", e);
    }
  }

  public Optional<byte[]> proposal() {
    return Optional.ofNullable(get(meta, PROPOSAL));
  }

  /** Commits a final block with everything it changed in one synced batch. */
  public void commit(Block block, FinalityCertificate certificate, Map<Bytes, byte[]> stateWrites) {
    long height = block.height();
    byte[] heightKey = key(height);
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(blocks, heightKey, block.encode());
      batch.put(certificates, heightKey, certificate.encode());
      batch.put(blockHashes, block.hash().unsafeArray(), heightKey);
      for (Map.Entry<Bytes, byte[]> e : stateWrites.entrySet()) {
        batch.put(state, e.getKey().unsafeArray(), e.getValue());
      }
      indexTransactions(batch, block);
      batch.put(meta, HEAD, heightKey);
      batch.delete(meta, PROPOSAL);
      db.write(synced, batch);
    } catch (RocksDBException e) {
      throw failure("commit block " + height, e);
    }
  }

  private void indexTransactions(WriteBatch batch, Block block) throws RocksDBException {
    long height = block.height();
    int position = 0;
    Set<Bytes> anchoredHere = new HashSet<>();
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i);
      byte[] location = new ByteWriter(12).i64(height).u32(i).toByteArray();
      batch.put(
          transactions,
          tx.id().unsafeArray(),
          new ByteWriter(12 + tx.size())
              .fixed(location)
              .fixed(tx.encoded().unsafeArray())
              .toByteArray());
      batch.put(
          accountTransactions, accountKey(tx.senderAddress(), location), tx.id().unsafeArray());
      switch (tx.payload()) {
        case Payload.Transfer t when !t.recipient().equals(tx.senderAddress()) ->
            batch.put(
                accountTransactions, accountKey(t.recipient(), location), tx.id().unsafeArray());
        case Payload.Anchor a -> {
          for (Bytes hash : a.hashes()) {
            // The first anchoring of a hash is the one that counts; later ones are not indexed.
            if (anchoredHere.add(hash) && get(anchors, hash.unsafeArray()) == null) {
              batch.put(
                  anchors,
                  hash.unsafeArray(),
                  new ByteWriter(16).i64(height).u32(position).u32(i).toByteArray());
            }
            position++;
          }
        }
        default -> {}
      }
    }
  }

  private static byte[] accountKey(Address address, byte[] location) {
    byte[] a = address.bytes().unsafeArray();
    byte[] k = Arrays.copyOf(a, a.length + location.length);
    System.arraycopy(location, 0, k, a.length, location.length);
    return k;
  }

  private byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return db.get(family, key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  private static byte[] key(long height) {
    return new ByteWriter(8).i64(height).toByteArray();
  }

  private static long longOf(byte[] value) {
    return new ByteReader(value).i64("height");
  }

  private static SteleException failure(String what, RocksDBException e) {
    return new SteleException("store.io", what + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    synced.close();
    db.close();
    options.close();
    familyOptions.close();
    filter.close();
  }
}

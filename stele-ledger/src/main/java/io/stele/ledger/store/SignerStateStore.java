package io.stele.ledger.store;

import io.stele.core.error.SteleException;
import io.stele.ledger.consensus.round.SignerStore;
import io.stele.ledger.consensus.round.SigningState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A witness's {@link SigningState} on disk: its own small RocksDB (kept apart from the chain, so a
 * chain rebuilt by block sync never takes the signing memory with it), one key, every save synced
 * before it returns.
 */
public final class SignerStateStore implements SignerStore, AutoCloseable {
  private static final byte[] KEY = "signing-state".getBytes(StandardCharsets.US_ASCII);

  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final RocksDB db;
  private final WriteOptions synced = new WriteOptions().setSync(true);

  private SignerStateStore(Options options, RocksDB db) {
    this.options = options;
    this.db = db;
  }

  public static SignerStateStore open(Path dir) {
    Options options = new Options().setCreateIfMissing(true);
    try {
      Files.createDirectories(dir);
      return new SignerStateStore(options, RocksDB.open(options, dir.toString()));
    } catch (RocksDBException | IOException e) {
      options.close();
      throw new SteleException("store.open", "cannot open " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<SigningState> load() {
    try {
      byte[] value = db.get(KEY);
      return value == null ? Optional.empty() : Optional.of(SigningState.decode(value));
    } catch (RocksDBException e) {
      throw new SteleException(
          "store.io", "reading the signing state failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void save(SigningState state) {
    try {
      db.put(synced, KEY, state.encode());
    } catch (RocksDBException e) {
      throw new SteleException("store.io", "saving the signing state failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    synced.close();
    db.close();
    options.close();
  }
}

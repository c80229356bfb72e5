package io.stele.workflow.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.ChainComparison;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Event chains on disk (RocksDB). Key {@code raw chain id ‖ u32 index} holds one event as JSON; key
 * {@code raw chain id ‖ 0xFFFFFFFF} holds the chain's identities and resources. Only chains that
 * verify are stored, a copy that is behind changes nothing, and a fork is refused and reported: the
 * store never picks a side.
 */
public final class EventChainStore implements AutoCloseable {
  private static final int META = -1;

  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final RocksDB db;

  private EventChainStore(Options options, RocksDB db) {
    this.options = options;
    this.db = db;
  }

  public static EventChainStore open(Path directory) {
    Options options = new Options().setCreateIfMissing(true);
    try {
      return new EventChainStore(options, RocksDB.open(options, directory.toString()));
    } catch (RocksDBException e) {
      options.close();
      throw new SteleException(
          "workflow.store", "cannot open " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The stored copy of a chain, if any. */
  public Optional<EventChain> get(ChainId id) {
    byte[] prefix = id.raw().toArray();
    List<Event> events = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(key(prefix, 0)); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (!Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)
            || ByteBuffer.wrap(key, prefix.length, 4).getInt() == META) {
          break;
        }
        events.add(
            EventChain.eventFromJson(
                Json.parse(it.value(), Event.MAX_BODY_BYTES * 3, "stored event"), "stored event"));
      }
    }
    if (events.isEmpty()) {
      return Optional.empty();
    }
    JsonNode meta = read(key(prefix, META));
    return Optional.of(
        new EventChain(id.toBase58(), events, meta.get("identities"), meta.get("resources")));
  }

  /**
   * The ids of every stored chain, in the order of their raw bytes. One seek per chain: the walk
   * jumps from a chain's first event past its identities entry, which sorts after its events.
   */
  public List<ChainId> ids() {
    List<ChainId> ids = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); ) {
        byte[] key = it.key();
        byte[] prefix = Arrays.copyOf(key, key.length - 4);
        ids.add(ChainId.fromBase58(io.stele.core.encoding.Base58.encode(prefix)));
        it.seek(key(prefix, META));
        if (it.isValid()) {
          it.next();
        }
      }
    }
    return ids;
  }

  /** Every stored chain, in the order of {@link #ids}. */
  public List<EventChain> all() {
    return ids().stream().map(id -> get(id).orElseThrow()).toList();
  }

  /**
   * Takes in a copy of a chain from a peer or a file. The copy must verify; then it is compared
   * with the stored one: new events are appended, a copy that is behind or the same changes
   * nothing.
   *
   * @return how the received copy relates to what was stored before
   * @throws SteleException {@code workflow.chain_invalid} if the copy does not verify, {@code
   *     workflow.chain_fork} if it forks from the stored copy (nothing is written)
   */
  public ChainComparison receive(EventChain incoming) {
    ChainId id;
    try {
      id = ChainId.fromBase58(incoming.id());
    } catch (SteleException e) {
      throw new SteleException("workflow.chain_invalid", "chain id: " + e.getMessage(), e);
    }
    Optional<EventChain> stored = get(id);
    ChainComparison relation =
        stored.isPresent()
            ? ChainComparison.compare(stored.get(), incoming)
            : new ChainComparison.Behind("left", 0, incoming.events().size());
    // The events it shares with the stored copy were verified when they were stored.
    int shared =
        switch (relation) {
          case ChainComparison.Same same -> same.length();
          case ChainComparison.Behind behind -> behind.commonLength();
          case ChainComparison.Forked fork -> fork.commonLength();
        };
    List<ChainProblem> problems = EventChainVerifier.verifyFrom(incoming, shared);
    if (!problems.isEmpty()) {
      throw new SteleException("workflow.chain_invalid", problems.getFirst().toString());
    }
    if (relation instanceof ChainComparison.Forked fork) {
      throw new SteleException(
          "workflow.chain_fork",
          "chain "
              + incoming.id()
              + " forks after "
              + fork.commonLength()
              + " events: stored "
              + fork.leftHash()
              + ", received "
              + fork.rightHash()
              + "; not resolved");
    }
    if (relation instanceof ChainComparison.Behind behind && behind.shorterSide().equals("left")) {
      write(id, incoming, behind.commonLength());
    }
    stored.ifPresent(s -> takeReceipts(id, s, incoming, shared));
    return relation;
  }

  /**
   * Puts a merged copy in place of the stored one (after a fork was resolved). The copy must verify
   * ({@code workflow.chain_invalid}); events the stored copy has beyond the copy's length are
   * removed, and everything is written in one synced batch.
   */
  public void replace(EventChain merged) {
    List<ChainProblem> problems = EventChainVerifier.verify(merged);
    if (!problems.isEmpty()) {
      throw new SteleException("workflow.chain_invalid", problems.getFirst().toString());
    }
    ChainId id = ChainId.fromBase58(merged.id());
    int storedLength = get(id).map(c -> c.events().size()).orElse(0);
    write(id, merged, 0, storedLength);
  }

  /** Receipts are not signed: the stored copy takes those it lacks from any copy that verifies. */
  private void takeReceipts(ChainId id, EventChain stored, EventChain incoming, int shared) {
    byte[] prefix = id.raw().toArray();
    try (WriteBatch batch = new WriteBatch();
        WriteOptions sync = new WriteOptions().setSync(true)) {
      for (int i = 0; i < Math.min(shared, stored.events().size()); i++) {
        Event mine = stored.events().get(i);
        Event theirs = incoming.events().get(i);
        if (mine.receipt().isNull() && !theirs.receipt().isNull()) {
          batch.put(key(prefix, i), bytes(mine.withReceipt(theirs.receipt()).toJson()));
        }
      }
      if (batch.count() > 0) {
        db.write(sync, batch);
      }
    } catch (RocksDBException e) {
      throw new SteleException(
          "workflow.store", "cannot write receipts of " + incoming.id() + ": " + e.getMessage(), e);
    }
  }

  private void write(ChainId id, EventChain chain, int from) {
    write(id, chain, from, 0);
  }

  private void write(ChainId id, EventChain chain, int from, int storedLength) {
    byte[] prefix = id.raw().toArray();
    ObjectNode meta = Json.NODES.objectNode();
    meta.set("identities", chain.identities());
    meta.set("resources", chain.resources());
    try (WriteBatch batch = new WriteBatch();
        WriteOptions sync = new WriteOptions().setSync(true)) {
      for (int i = from; i < chain.events().size(); i++) {
        batch.put(key(prefix, i), bytes(chain.events().get(i).toJson()));
      }
      for (int i = chain.events().size(); i < storedLength; i++) {
        batch.delete(key(prefix, i));
      }
      batch.put(key(prefix, META), bytes(meta));
      db.write(sync, batch);
    } catch (RocksDBException e) {
      throw new SteleException(
          "workflow.store", "cannot write chain " + chain.id() + ": " + e.getMessage(), e);
    }
  }

  private JsonNode read(byte[] key) {
    try {
      byte[] value = db.get(key);
      return value == null
          ? Json.NODES.objectNode()
          : Json.parse(value, EventChain.MAX_FILE_BYTES, "stored chain data");
    } catch (RocksDBException e) {
      throw new SteleException("workflow.store", "cannot read: " + e.getMessage(), e);
    }
  }

  private static byte[] key(byte[] prefix, int index) {
    return ByteBuffer.allocate(prefix.length + 4).put(prefix).putInt(index).array();
  }

  private static byte[] bytes(JsonNode node) {
    return Json.write(node).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    db.close();
    options.close();
  }
}

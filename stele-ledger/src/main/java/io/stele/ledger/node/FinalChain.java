package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.GenesisBlock;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.TermSchedule;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.BlockReceipts;
import io.stele.ledger.receipt.WitnessSetChanges;
import io.stele.ledger.state.Account;
import io.stele.ledger.state.Candidate;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.store.ChainStore;
import io.stele.ledger.tx.CheckedSignatures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The final chain a node holds, on disk and in memory: store, state and head block. Commits final
 * blocks (each in one batch), tells listeners about them in height order, and serves the views
 * every kind of node shares (blocks, final transactions, accounts, receipts, witnesses,
 * candidates).
 *
 * <p>The owner passes the lock that guards its state and head, so production (a witness) or sync (a
 * follower) and the views never see a half-applied block.
 */
public final class FinalChain implements AutoCloseable {
  private static final int CACHED_BLOCK_RECEIPTS = 8;

  /** A block just committed with its certificate, for peers that follow this node. */
  public interface CommitListener {
    void committed(Block block, FinalityCertificate certificate);
  }

  private final Genesis genesis;
  private final Bytes genesisHash;
  private final ChainStore store;
  private final Object lock;
  private final Consumer<BlockReceipts> receiptsHook;

  /** Reads of the store take it shared; close takes it exclusively, so no read hits a closed DB. */
  private final ReadWriteLock storeGuard = new ReentrantReadWriteLock();

  private final ExecutorService notifier =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "stele-ledger-notify");
            t.setDaemon(true);
            return t;
          });
  private final List<Consumer<ObjectNode>> blockListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ObjectNode>> receiptListeners = new CopyOnWriteArrayList<>();
  private final List<CommitListener> commitListeners = new CopyOnWriteArrayList<>();
  private final Map<Long, BlockReceipts> receiptsCache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, BlockReceipts> eldest) {
          return size() > CACHED_BLOCK_RECEIPTS;
        }
      };

  private final WitnessSetChanges setChanges;
  // About half a minute of transfers at 2,000/s: a transaction is normally relayed, proposed and
  // committed within seconds.
  private final CheckedSignatures signatures = new CheckedSignatures(1 << 16);

  private LedgerState state;
  private Block head;
  private volatile boolean closed;

  private FinalChain(
      Genesis genesis, ChainStore store, Object lock, Consumer<BlockReceipts> receiptsHook) {
    this.genesis = genesis;
    this.genesisHash = GenesisBlock.hash(genesis);
    this.store = store;
    this.lock = lock;
    this.receiptsHook = receiptsHook;
    OptionalLong height = store.headHeight();
    if (height.isEmpty()) {
      state = LedgerState.genesis(genesis);
      head = GenesisBlock.create(genesis);
      store.commit(head, GenesisBlock.certificate(head), state.drainWrites());
    } else {
      head = store.block(height.getAsLong()).orElseThrow(() -> corrupt("head block missing"));
      Block stored = store.block(0).orElseThrow(() -> corrupt("genesis block missing"));
      if (!stored.hash().equals(genesisHash)) {
        throw new SteleException(
            "store.genesis", "the data directory holds a chain with another genesis");
      }
      state = LedgerState.restore(genesis, store.stateEntries());
      if (!state.root().equals(head.header().stateRoot()) || state.height() != head.height()) {
        throw corrupt("state root or height differs from the head block's");
      }
    }
    this.setChanges = new WitnessSetChanges(state.schedule(), new SetChangeSource());
  }

  /** Where receipts find the witness-set changes: the elected sets and the snapshot blocks. */
  private final class SetChangeSource implements WitnessSetChanges.Chain {
    @Override
    public WitnessSet witnessSetOfTerm(long term) {
      synchronized (lock) {
        return state.witnessSetOfTerm(term).orElseThrow();
      }
    }

    @Override
    public BlockHeader header(long height) {
      return reading(() -> store.block(height).orElseThrow().header());
    }

    @Override
    public FinalityCertificate certificate(long height) {
      return reading(() -> store.certificate(height).orElseThrow());
    }
  }

  /**
   * Opens (or creates, with its genesis block) the chain in {@code dataDir}. {@code lock} is the
   * owner's lock over state and head; {@code receiptsHook} gets the receipts of each committed
   * block that anchors hashes, on the notifier thread.
   */
  public static FinalChain open(
      Path dataDir, Genesis genesis, Object lock, Consumer<BlockReceipts> receiptsHook) {
    ChainStore store = ChainStore.open(dataDir);
    try {
      return new FinalChain(genesis, store, lock, receiptsHook);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public Genesis genesis() {
    return genesis;
  }

  public Bytes genesisHash() {
    return genesisHash;
  }

  /**
   * The witness set producing {@code height}, once the state has elected it (see {@link
   * #witnessHorizon()}); refused with {@code state.witness_set} beyond.
   */
  public WitnessSet witnessSet(long height) {
    synchronized (lock) {
      return state.witnessSet(height);
    }
  }

  /**
   * The last height whose witness set the state knows: the end of the latest term already elected.
   * Headers above it cannot be checked until the blocks up to the next snapshot are executed.
   */
  public long witnessHorizon() {
    synchronized (lock) {
      TermSchedule schedule = state.schedule();
      long term = schedule.termAt(head.height() + 1).number();
      while (state.witnessSetOfTerm(term + 1).isPresent()) {
        term++;
      }
      return schedule.term(term).lastHeight();
    }
  }

  /** The state after the head block (plus whatever the owner applied since); under the lock. */
  public LedgerState state() {
    return state;
  }

  /** The last committed block; under the lock. */
  public Block head() {
    synchronized (lock) {
      return head;
    }
  }

  /** The stored proposal a witness recorded before signing, if any. */
  Optional<byte[]> proposal() {
    return store.proposal();
  }

  /** Durably records the block about to be signed (see {@link ChainStore#saveProposal}). */
  void saveProposal(long height, byte[] proposal) {
    store.saveProposal(height, proposal);
  }

  /**
   * Commits {@code block}, whose transactions the owner has already applied to {@link #state()},
   * with everything they changed, in one batch; then tells the listeners. Call under the lock.
   */
  public void commit(Block block, FinalityCertificate certificate, BlockTrees trees) {
    store.commit(block, certificate, state.drainWrites());
    head = block;
    commitListeners.forEach(l -> l.committed(block, certificate));
    notifyFinal(block, certificate, trees);
  }

  /**
   * Executes a block whose header and certificate the caller has verified and whose body matches
   * its header: checks each transaction's signature, applies it, compares the state root, and
   * commits. A block that does not check out changes nothing.
   */
  public void execute(Block block, FinalityCertificate certificate) {
    synchronized (lock) {
      checkOpen();
      if (block.height() != head.height() + 1 || !block.header().parentHash().equals(head.hash())) {
        throw new SteleException(
            "sync.linkage",
            "block " + block.height() + " does not extend the head " + head.height());
      }
      BlockTrees trees = block.checkBody();
      signatures
          .firstInvalid(block.transactions())
          .ifPresent(
              bad -> {
                throw new SteleException(
                    "tx.bad_signature", "transaction " + bad.id() + " in block " + block.height());
              });
      state.applyBlock(block); // all or nothing
      commit(block, certificate, trees);
    }
  }

  /**
   * The signatures this node has checked (admissions, proposals, synced blocks): each transaction's
   * is verified once, the costly part of following a chain.
   */
  CheckedSignatures signatures() {
    return signatures;
  }

  /** Registers a listener called in the committing thread, under the lock, after each commit. */
  public LedgerNode.Subscription onCommitted(CommitListener listener) {
    commitListeners.add(listener);
    return () -> commitListeners.remove(listener);
  }

  private void notifyFinal(Block block, FinalityCertificate certificate, BlockTrees trees) {
    notifier.execute(
        () -> {
          if (!blockListeners.isEmpty()) {
            ObjectNode view = Views.block(block, certificate);
            blockListeners.forEach(l -> l.accept(view));
          }
          if (block.header().anchorCount() == 0) {
            return;
          }
          BlockReceipts receipts =
              new BlockReceipts(block, certificate, trees, setChanges.proofFor(block.height()));
          synchronized (receiptsCache) {
            receiptsCache.putIfAbsent(block.height(), receipts);
          }
          receiptsHook.accept(receipts);
          if (!receiptListeners.isEmpty()) {
            for (int p = 0; p < receipts.anchorCount(); p++) {
              ObjectNode receipt = receipts.receipt(p);
              receiptListeners.forEach(l -> l.accept(receipt));
            }
          }
        });
  }

  private BlockReceipts receipts(
      long height, Supplier<Block> block, Supplier<FinalityCertificate> certificate) {
    synchronized (receiptsCache) {
      BlockReceipts cached = receiptsCache.get(height);
      if (cached != null) {
        return cached;
      }
    }
    BlockReceipts built =
        new BlockReceipts(block.get(), certificate.get(), setChanges.proofFor(height));
    synchronized (receiptsCache) {
      receiptsCache.putIfAbsent(height, built);
    }
    return built;
  }

  /** Runs a read of the store, refused once the chain is closed. */
  public <T> T reading(Supplier<T> read) {
    storeGuard.readLock().lock();
    try {
      checkOpen();
      return read.get();
    } finally {
      storeGuard.readLock().unlock();
    }
  }

  /** A stored final block with its certificate. */
  public Optional<Certified> certified(long height) {
    return reading(
        () ->
            store
                .block(height)
                .map(b -> new Certified(b, store.certificate(height).orElseThrow())));
  }

  /** A final block and the certificate that makes it final. */
  public record Certified(Block block, FinalityCertificate certificate) {}

  /** Chain id, genesis, head, final head and state root: what every kind of node reports. */
  public ObjectNode status() {
    synchronized (lock) {
      ObjectNode o = Views.object();
      o.put("chainId", String.valueOf((char) genesis.chainId()));
      o.put("genesisHash", genesisHash.toBase58());
      o.put("height", head.height());
      o.put("headHash", head.hash().toBase58());
      o.put("finalHeight", head.height());
      o.put("finalHash", head.hash().toBase58());
      o.put("stateRoot", head.header().stateRoot().toBase58());
      return o;
    }
  }

  public Optional<ObjectNode> block(long height) {
    return reading(
        () ->
            store.block(height).map(b -> Views.block(b, store.certificate(height).orElseThrow())));
  }

  public Optional<ObjectNode> block(Bytes hash) {
    OptionalLong height = reading(() -> store.heightOf(hash));
    return height.isPresent() ? block(height.getAsLong()) : Optional.empty();
  }

  /** A transaction that is in a final block, with its height and index. */
  public Optional<ObjectNode> finalTransaction(Bytes id) {
    return reading(() -> store.transaction(id))
        .map(
            at ->
                Views.transaction(at.transaction())
                    .put("status", "final")
                    .put("height", at.height())
                    .put("index", at.index()));
  }

  /** Whether a transaction is already in a final block. */
  public boolean isFinal(Bytes id) {
    return reading(() -> store.transaction(id)).isPresent();
  }

  public ObjectNode account(Address address, int page, int pageSize) {
    if (address.chainId() != genesis.chainId()) {
      throw new SteleException("address.chain", "address " + address + " is on another chain");
    }
    if (page < 0 || pageSize < 1 || pageSize > 1000) {
      throw new SteleException("page.range", "page >= 0 and pageSize 1..1000");
    }
    Account account;
    synchronized (lock) {
      account = state.account(address);
    }
    ObjectNode o = Views.object();
    o.put("address", address.toString());
    o.put("balance", Long.toString(account.balance()));
    o.put("staked", Long.toString(account.staked()));
    o.put("nonce", account.nonce());
    o.put("page", page);
    o.put("pageSize", pageSize);
    ArrayNode txs = o.putArray("transactions");
    for (ChainStore.TxRef ref : reading(() -> store.accountTransactions(address, page, pageSize))) {
      txs.addObject()
          .put("id", ref.id().toBase58())
          .put("height", ref.height())
          .put("index", ref.index());
    }
    return o;
  }

  public Optional<ObjectNode> receipt(Bytes hash) {
    return reading(
        () ->
            store
                .anchor(hash)
                .map(
                    at -> {
                      BlockReceipts receipts =
                          receipts(
                              at.height(),
                              () -> store.block(at.height()).orElseThrow(),
                              () -> store.certificate(at.height()).orElseThrow());
                      return receipts.receipt(at.position());
                    }));
  }

  public ObjectNode witnessesView() {
    synchronized (lock) {
      return Views.witnesses(state);
    }
  }

  public ObjectNode candidates() {
    List<Candidate> ranked;
    synchronized (lock) {
      ranked = state.rankedCandidates();
    }
    ObjectNode o = Views.object();
    ArrayNode list = o.putArray("candidates");
    ranked.forEach(c -> list.add(Views.candidate(c, genesis.chainId())));
    return o;
  }

  public LedgerNode.Subscription onFinalizedBlock(Consumer<ObjectNode> listener) {
    blockListeners.add(listener);
    return () -> blockListeners.remove(listener);
  }

  public LedgerNode.Subscription onReceipt(Consumer<ObjectNode> listener) {
    receiptListeners.add(listener);
    return () -> receiptListeners.remove(listener);
  }

  /** Whether {@link #close()} has begun. */
  public boolean isClosed() {
    return closed;
  }

  public void checkOpen() {
    if (closed) {
      throw new SteleException("node.closed", "the node is closed");
    }
  }

  /**
   * Marks the chain closed (no further reads or commits), waits for pending notifications and
   * closes the store. The owner stops its own threads first.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    notifier.shutdown();
    try {
      notifier.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    storeGuard.writeLock().lock();
    try {
      store.close();
    } finally {
      storeGuard.writeLock().unlock();
    }
  }

  static SteleException corrupt(String message) {
    return new SteleException("store.corrupt", message);
  }
}

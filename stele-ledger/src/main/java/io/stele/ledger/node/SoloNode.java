package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.anchor.AnchoringService;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.GenesisBlock;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.mempool.Mempool;
import io.stele.ledger.receipt.BlockReceipts;
import io.stele.ledger.state.Account;
import io.stele.ledger.state.Candidate;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.store.ChainStore;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A ledger node that is the chain's only witness: it produces a block every interval, finalizes it
 * at once with its own confirmation (N = 1), and commits it to RocksDB in one batch. Before signing
 * it durably records the height and the unsigned block, so after a crash it finishes that block
 * rather than ever signing a different one at the same height.
 */
public final class SoloNode implements LedgerNode {
  /** Node-local bounds (not chain rules). */
  public static final int MEMPOOL_MAX_TRANSACTIONS = 200_000;

  public static final long MEMPOOL_MAX_BYTES = 256L * 1024 * 1024;
  public static final int ANCHOR_QUEUE_MAX = 2_000_000;

  /** Anchor transactions the node packs into one block: bounds the block's anchor trees. */
  public static final int ANCHOR_TRANSACTIONS_PER_BLOCK = 1_000;

  private static final int CACHED_BLOCK_RECEIPTS = 8;
  // The only witness finalizes every block in the first round.
  private static final int SOLO_ROUND = 0;
  private static final int REMEMBERED_DROPS = 10_000;
  private static final Bytes NO_SIGNATURE = Bytes.wrap(new byte[PublicKey.SIGNATURE_LENGTH]);

  private final Genesis genesis;
  private final Parameters parameters;
  private final KeyPair key;
  private final Address producer;
  private final Clock clock;
  private final ChainStore store;
  private final WitnessSet witnesses;
  private final Mempool mempool;
  private final AnchoringService anchoring = new AnchoringService(ANCHOR_QUEUE_MAX);
  private final Object lock = new Object();

  /** Reads of the store take it shared; close takes it exclusively, so no read hits a closed DB. */
  private final ReadWriteLock storeGuard = new ReentrantReadWriteLock();

  private final Bytes genesisHash;
  private final ExecutorService notifier =
      Executors.newSingleThreadExecutor(r -> daemon(r, "stele-ledger-notify"));
  private final List<Consumer<ObjectNode>> blockListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ObjectNode>> receiptListeners = new CopyOnWriteArrayList<>();
  private final Map<Long, BlockReceipts> receiptsCache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, BlockReceipts> eldest) {
          return size() > CACHED_BLOCK_RECEIPTS;
        }
      };

  /** Transactions admitted but no longer valid when their block was built, with the reason. */
  private final Map<Bytes, DroppedTransaction> dropped =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, DroppedTransaction> eldest) {
          return size() > REMEMBERED_DROPS;
        }
      };

  private record DroppedTransaction(Transaction transaction, SteleException reason) {}

  private final LedgerState state;
  private Block head;
  private Thread producerThread;
  private volatile boolean running;
  private volatile SteleException failure;
  private volatile boolean closed;

  private SoloNode(Genesis genesis, KeyPair key, Clock clock, ChainStore store) {
    this.genesis = genesis;
    this.parameters = genesis.parameters();
    this.key = key;
    this.producer = Address.of(key.publicKey(), genesis.chainId());
    this.clock = clock;
    this.store = store;
    this.witnesses = new WitnessSet(0, genesis.witnesses());
    this.mempool = new Mempool(MEMPOOL_MAX_TRANSACTIONS, MEMPOOL_MAX_BYTES);
    this.genesisHash = GenesisBlock.hash(genesis);
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
      if (!state.root().equals(head.header().stateRoot())) {
        throw corrupt("state root differs from the head block's");
      }
      store.proposal().ifPresent(this::finishProposal);
    }
  }

  /**
   * Opens (or creates) the chain in {@code dataDir}. The genesis must name exactly one witness,
   * {@code witnessKey}'s public key. Call {@link #start()} to begin producing blocks.
   */
  public static SoloNode open(Path dataDir, Genesis genesis, KeyPair witnessKey, Clock clock) {
    if (!genesis.witnesses().equals(List.of(witnessKey.publicKey()))) {
      throw new SteleException(
          "solo.witness", "a solo node needs a genesis whose only witness is its own key");
    }
    ChainStore store = ChainStore.open(dataDir);
    try {
      return new SoloNode(genesis, witnessKey, clock, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Starts block production on its own thread: one block each block interval of the clock. */
  public synchronized void start() {
    if (producerThread != null) {
      return;
    }
    running = true;
    producerThread = daemon(this::produceLoop, "stele-ledger-producer");
    producerThread.start();
  }

  private void produceLoop() {
    long pause = Math.max(1, Math.min(20, parameters.blockIntervalMs() / 10));
    while (running) {
      try {
        tick();
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SteleException e) {
        return; // the node has failed; every call now reports it
      }
    }
  }

  /** Produces a block if the clock says one is due. */
  public Optional<Block> tick() {
    synchronized (lock) {
      if (clock.millis() < head.header().timestamp() + parameters.blockIntervalMs()) {
        return Optional.empty();
      }
      return Optional.of(produceBlock());
    }
  }

  /** Produces, finalizes and commits one block now, whatever the clock says. */
  public Block produceBlock() {
    synchronized (lock) {
      checkHealthy();
      try {
        long now = clock.millis();
        long timestamp = Math.max(now, head.header().timestamp() + 1);
        packAnchors(now);
        List<Transaction> included = new ArrayList<>();
        for (Transaction tx : mempool.drain(parameters.maxBlockTransactions())) {
          try {
            state.apply(tx, producer, timestamp);
            included.add(tx);
          } catch (SteleException reason) {
            // Admission checked it against the state then; a transaction no longer valid is
            // dropped (its sender's later ones then fail their nonce) and remembered for views.
            dropped.put(tx.id(), new DroppedTransaction(tx, reason));
          }
        }
        BlockTrees trees = BlockTrees.of(included);
        BlockHeader header =
            new BlockHeader(
                genesis.chainId(),
                head.height() + 1,
                head.hash(),
                timestamp,
                key.publicKey(),
                trees.transactionsRoot(),
                trees.anchorRootSha256(),
                trees.anchorRootSha3(),
                trees.anchorCount(),
                state.root(),
                witnesses.hash(),
                included.size());
        store.saveProposal(header.height(), new Block(header, NO_SIGNATURE, included).encode());
        return commit(header, included, trees);
      } catch (RuntimeException e) {
        // State in memory may now be ahead of disk: stop rather than diverge.
        failure =
            e instanceof SteleException se
                ? se
                : new SteleException("node.failed", "block production failed: " + e, e);
        throw failure;
      }
    }
  }

  /** Packs queued anchor hashes into anchor transactions signed by the node's key. */
  private void packAnchors(long now) {
    int room =
        Math.min(ANCHOR_TRANSACTIONS_PER_BLOCK, parameters.maxBlockTransactions() - mempool.size());
    if (room <= 0 || anchoring.queued() == 0) {
      return;
    }
    Account own = state.account(producer);
    long fee = parameters.fee(TransactionType.ANCHOR);
    for (Payload.Anchor payload : anchoring.take(room, parameters.maxAnchorsPerTransaction())) {
      Transaction tx = Transaction.sign(genesis.chainId(), key, nextNonce(own), now, fee, payload);
      try {
        mempool.admit(tx, state);
      } catch (SteleException e) {
        if (e.code().equals("mempool.full")) {
          anchoring.requeue(payload.hashes());
        } else {
          anchoring.fail(payload.hashes(), e);
        }
      }
    }
  }

  private long nextNonce(Account own) {
    return own.nonce() + mempool.pendingCount(key.publicKey());
  }

  private Block commit(BlockHeader header, List<Transaction> included, BlockTrees trees) {
    Block block = Block.seal(header, key, included);
    FinalityCertificate certificate =
        new FinalityCertificate(
            genesis.chainId(),
            header.height(),
            SOLO_ROUND,
            block.hash(),
            List.of(
                Confirmation.sign(
                    key, genesis.chainId(), header.height(), SOLO_ROUND, block.hash())));
    store.commit(block, certificate, state.drainWrites());
    head = block;
    notifyFinal(block, certificate, trees);
    return block;
  }

  /** After a crash between "about to sign" and commit: finish that very block. */
  private void finishProposal(byte[] bytes) {
    Block proposal = Block.decode(bytes);
    BlockTrees trees = BlockTrees.of(proposal.transactions());
    BlockHeader header = proposal.header();
    if (header.height() != head.height() + 1 || !header.parentHash().equals(head.hash())) {
      return; // committed already (the batch removes the proposal) or stale
    }
    for (Transaction tx : proposal.transactions()) {
      state.apply(tx, Address.of(header.producer(), genesis.chainId()), header.timestamp());
    }
    if (!state.root().equals(header.stateRoot())) {
      throw corrupt("replaying the signed proposal gives another state root");
    }
    commit(header, proposal.transactions(), trees);
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
          BlockReceipts receipts = new BlockReceipts(block, certificate, trees);
          synchronized (receiptsCache) {
            receiptsCache.putIfAbsent(block.height(), receipts);
          }
          anchoring.finalized(receipts);
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
    BlockReceipts built = new BlockReceipts(block.get(), certificate.get());
    synchronized (receiptsCache) {
      receiptsCache.putIfAbsent(height, built);
    }
    return built;
  }

  private <T> T reading(Supplier<T> read) {
    storeGuard.readLock().lock();
    try {
      checkOpen();
      return read.get();
    } finally {
      storeGuard.readLock().unlock();
    }
  }

  @Override
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
      o.putObject("mempool").put("transactions", mempool.size()).put("bytes", mempool.bytes());
      o.put("anchorQueue", anchoring.queued());
      o.put("role", "solo");
      o.put("witness", key.publicKey().toString());
      return o;
    }
  }

  @Override
  public Optional<ObjectNode> block(long height) {
    return reading(
        () ->
            store.block(height).map(b -> Views.block(b, store.certificate(height).orElseThrow())));
  }

  @Override
  public Optional<ObjectNode> block(Bytes hash) {
    OptionalLong height = reading(() -> store.heightOf(hash));
    return height.isPresent() ? block(height.getAsLong()) : Optional.empty();
  }

  @Override
  public Optional<ObjectNode> transaction(Bytes id) {
    Optional<ChainStore.TxLocation> location = reading(() -> store.transaction(id));
    if (location.isPresent()) {
      ChainStore.TxLocation at = location.get();
      return Optional.of(
          Views.transaction(at.transaction())
              .put("status", "final")
              .put("height", at.height())
              .put("index", at.index()));
    }
    synchronized (lock) {
      Optional<ObjectNode> pending =
          mempool.pending(id).map(tx -> Views.transaction(tx).put("status", "pending"));
      if (pending.isPresent() || !dropped.containsKey(id)) {
        return pending;
      }
      DroppedTransaction drop = dropped.get(id);
      return Optional.of(
          Views.transaction(drop.transaction())
              .put("status", "dropped")
              .put("error", drop.reason().code())
              .put("message", drop.reason().getMessage()));
    }
  }

  @Override
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

  @Override
  public ObjectNode submit(byte[] signedTransaction) {
    checkHealthy();
    Transaction tx = Transaction.decode(signedTransaction);
    if (reading(() -> store.transaction(tx.id())).isPresent()) {
      throw new SteleException("tx.replay", "transaction " + tx.id() + " is already in a block");
    }
    state.checkStatic(tx);
    state.checkTimestamp(tx, clock.millis());
    if (!tx.hasValidSignature()) {
      throw new SteleException(
          "tx.bad_signature", "signature does not match sender " + tx.sender());
    }
    synchronized (lock) {
      mempool.admit(tx, state);
    }
    return Views.object().put("id", tx.id().toBase58()).put("status", "pending");
  }

  @Override
  public ObjectNode anchor(List<Bytes> hashes) {
    checkHealthy();
    int queued = anchoring.enqueue(hashes);
    return Views.object().put("accepted", hashes.size()).put("queued", queued);
  }

  /**
   * The receipt of {@code hash} as soon as a block holding it is final: at once if it already is.
   * Does not queue the hash; see {@link #anchor(List)}.
   */
  public CompletableFuture<ObjectNode> awaitReceipt(Bytes hash) {
    CompletableFuture<ObjectNode> future = anchoring.await(hash);
    receipt(hash).ifPresent(r -> anchoring.found(hash, r));
    return future;
  }

  @Override
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

  @Override
  public ObjectNode witnesses() {
    ObjectNode o = Views.object();
    o.put("term", witnesses.term());
    o.put("threshold", witnesses.threshold());
    ArrayNode list = o.putArray("witnesses");
    witnesses.witnesses().forEach(w -> list.add(Views.witness(w, genesis.chainId())));
    return o;
  }

  @Override
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

  @Override
  public Subscription onFinalizedBlock(Consumer<ObjectNode> listener) {
    blockListeners.add(listener);
    return () -> blockListeners.remove(listener);
  }

  @Override
  public Subscription onReceipt(Consumer<ObjectNode> listener) {
    receiptListeners.add(listener);
    return () -> receiptListeners.remove(listener);
  }

  /** The genesis this node runs. */
  public Genesis genesis() {
    return genesis;
  }

  /** Height of the last final block. */
  public long finalHeight() {
    synchronized (lock) {
      return head.height();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true; // from here no block is produced and no call reaches the store
    }
    Thread thread;
    synchronized (this) {
      running = false;
      thread = producerThread;
      producerThread = null;
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

  private void checkOpen() {
    if (closed) {
      throw new SteleException("node.closed", "the node is closed");
    }
  }

  private void checkHealthy() {
    checkOpen();
    SteleException f = failure;
    if (f != null) {
      throw new SteleException("node.failed", "the node stopped: " + f.getMessage(), f);
    }
  }

  private static SteleException corrupt(String message) {
    return new SteleException("store.corrupt", message);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}

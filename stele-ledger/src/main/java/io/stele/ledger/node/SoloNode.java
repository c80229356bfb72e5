package io.stele.ledger.node;

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
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.mempool.Mempool;
import io.stele.ledger.state.Account;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A ledger node that is the chain's only witness: it produces a block every interval, finalizes it
 * at once with its own confirmation (N = 1), and commits it to RocksDB in one batch. Before signing
 * it durably records the height and the unsigned block, so after a crash it finishes that block
 * rather than ever signing a different one at the same height.
 */
public final class SoloNode implements AnchoringNode, ChainNode {
  /** Node-local bounds (not chain rules). */
  public static final int MEMPOOL_MAX_TRANSACTIONS = 200_000;

  public static final long MEMPOOL_MAX_BYTES = 256L * 1024 * 1024;
  public static final int ANCHOR_QUEUE_MAX = 2_000_000;

  /** Anchor transactions the node packs into one block: bounds the block's anchor trees. */
  public static final int ANCHOR_TRANSACTIONS_PER_BLOCK = 1_000;

  // The only witness finalizes every block in the first round.
  private static final int SOLO_ROUND = 0;
  private static final int REMEMBERED_DROPS = 10_000;
  private static final Bytes NO_SIGNATURE = Bytes.wrap(new byte[PublicKey.SIGNATURE_LENGTH]);

  private final Genesis genesis;
  private final Parameters parameters;
  private final KeyPair key;
  private final Address producer;
  private final Clock clock;
  private final Mempool mempool;
  private final AnchoringService anchoring = new AnchoringService(ANCHOR_QUEUE_MAX);
  private final Object lock = new Object();

  /** Store, state and head, and the views every kind of node serves from them. */
  private final FinalChain chain;

  /** Transactions admitted but no longer valid when their block was built, with the reason. */
  private final Map<Bytes, DroppedTransaction> dropped =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, DroppedTransaction> eldest) {
          return size() > REMEMBERED_DROPS;
        }
      };

  private record DroppedTransaction(Transaction transaction, SteleException reason) {}

  private Thread producerThread;
  private volatile boolean running;
  private volatile SteleException failure;
  private volatile boolean closed;

  private SoloNode(Genesis genesis, KeyPair key, Clock clock, Path dataDir) {
    this.genesis = genesis;
    this.parameters = genesis.parameters();
    this.key = key;
    this.producer = Address.of(key.publicKey(), genesis.chainId());
    this.clock = clock;
    this.mempool = new Mempool(MEMPOOL_MAX_TRANSACTIONS, MEMPOOL_MAX_BYTES);
    this.chain = FinalChain.open(dataDir, genesis, lock, anchoring::finalized);
    try {
      synchronized (lock) {
        chain.proposal().ifPresent(this::finishProposal);
      }
    } catch (RuntimeException e) {
      chain.close();
      throw e;
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
    return new SoloNode(genesis, witnessKey, clock, dataDir);
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
      if (clock.millis() < chain.head().header().timestamp() + parameters.blockIntervalMs()) {
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
        Block head = chain.head();
        LedgerState state = chain.state();
        WitnessSet witnesses = state.witnessSet(head.height() + 1);
        if (!witnesses.witnesses().equals(List.of(key.publicKey()))) {
          throw new SteleException(
              "solo.witness",
              "term " + witnesses.term() + " elected other witnesses; a solo node cannot go on");
        }
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
        Bytes nextWitnessSetHash = state.endBlock();
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
                nextWitnessSetHash,
                included.size());
        chain.saveProposal(header.height(), new Block(header, NO_SIGNATURE, included).encode());
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
    Account own = chain.state().account(producer);
    long fee = parameters.fee(TransactionType.ANCHOR);
    for (Payload.Anchor payload : anchoring.take(room, parameters.maxAnchorsPerTransaction())) {
      Transaction tx = Transaction.sign(genesis.chainId(), key, nextNonce(own), now, fee, payload);
      try {
        mempool.admit(tx, chain.state());
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
    chain.commit(block, certificate, trees);
    return block;
  }

  /** After a crash between "about to sign" and commit: finish that very block. */
  private void finishProposal(byte[] bytes) {
    Block proposal = Block.decode(bytes);
    BlockTrees trees = BlockTrees.of(proposal.transactions());
    BlockHeader header = proposal.header();
    Block head = chain.head();
    LedgerState state = chain.state();
    if (header.height() != head.height() + 1 || !header.parentHash().equals(head.hash())) {
      return; // committed already (the batch removes the proposal) or stale
    }
    try {
      state.applyBlock(proposal);
    } catch (SteleException e) {
      throw corrupt("replaying the signed proposal fails: " + e.getMessage());
    }
    commit(header, proposal.transactions(), trees);
  }

  @Override
  public ObjectNode status() {
    synchronized (lock) {
      ObjectNode o = chain.status();
      o.putObject("mempool").put("transactions", mempool.size()).put("bytes", mempool.bytes());
      o.put("anchorQueue", anchoring.queued());
      o.put("role", "solo");
      o.put("witness", key.publicKey().toString());
      return o;
    }
  }

  @Override
  public Optional<ObjectNode> transaction(Bytes id) {
    Optional<ObjectNode> found = chain.finalTransaction(id);
    if (found.isPresent()) {
      return found;
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
  public ObjectNode submit(byte[] signedTransaction) {
    checkHealthy();
    return Admission.pending(Admission.admit(chain, mempool, lock, clock, signedTransaction));
  }

  @Override
  public ObjectNode anchor(List<Bytes> hashes) {
    checkHealthy();
    int queued = anchoring.enqueue(hashes);
    return Views.object().put("accepted", hashes.size()).put("queued", queued);
  }

  @Override
  public CompletableFuture<ObjectNode> awaitReceipt(Bytes hash) {
    CompletableFuture<ObjectNode> future = anchoring.await(hash);
    receipt(hash).ifPresent(r -> anchoring.found(hash, r));
    return future;
  }

  @Override
  public ObjectNode witnesses() {
    return chain.witnessesView();
  }

  @Override
  public FinalChain chain() {
    return chain;
  }

  /** The genesis this node runs. */
  public Genesis genesis() {
    return genesis;
  }

  /** Height of the last final block. */
  public long finalHeight() {
    synchronized (lock) {
      return chain.head().height();
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
    chain.close();
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
    return FinalChain.corrupt(message);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}

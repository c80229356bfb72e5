package io.stele.ledger.consensus.sim;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.GenesisBlock;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.Evidence;
import io.stele.ledger.consensus.EvidencePool;
import io.stele.ledger.consensus.round.ConsensusApplication;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The ledger side of a simulated node: a real {@link LedgerState} that blocks are executed on, a
 * pool of submitted transfers, and the final chain. Validation executes the block on a copy of the
 * state (rebuilt from its entries) and compares the state root, as a node does.
 */
final class TestLedger implements ConsensusApplication {
  static final int MAX_BLOCK_TRANSACTIONS = 50;

  /** Called on every commit, before the ledger moves on. */
  interface CommitListener {
    void committed(TestLedger ledger, Block block, FinalityCertificate certificate, Bytes root);
  }

  private final Genesis genesis;
  private final LongFunction<WitnessSet> witnesses;
  private final CommitListener listener;
  private final List<Block> chain = new ArrayList<>();
  private final List<FinalityCertificate> certificates = new ArrayList<>();
  private final Map<Bytes, byte[]> entries = new LinkedHashMap<>();
  private final List<Transaction> pool = new ArrayList<>();
  private final EvidencePool evidence = new EvidencePool(1_000);
  private LedgerState state;

  TestLedger(Genesis genesis, LongFunction<WitnessSet> witnesses, CommitListener listener) {
    this.genesis = genesis;
    this.witnesses = witnesses;
    this.listener = listener;
    this.state = LedgerState.genesis(genesis);
    entries.putAll(state.drainWrites());
    Block zero = GenesisBlock.create(genesis);
    chain.add(zero);
    certificates.add(GenesisBlock.certificate(zero));
  }

  /** Forgets everything (a restart without data). */
  TestLedger wiped() {
    return new TestLedger(genesis, witnesses, listener);
  }

  /** Admits a transaction the simulation built and signed itself (so its signature holds). */
  void submit(Transaction tx) {
    pool.add(tx);
  }

  List<Block> chain() {
    return List.copyOf(chain);
  }

  Block block(long height) {
    return height < chain.size() ? chain.get((int) height) : null;
  }

  FinalityCertificate certificate(long height) {
    return height < certificates.size() ? certificates.get((int) height) : null;
  }

  Bytes root() {
    return state.root();
  }

  List<Evidence> evidence() {
    return evidence.pending();
  }

  @Override
  public Block head() {
    return chain.get(chain.size() - 1);
  }

  @Override
  public FinalityCertificate headCertificate() {
    return certificates.get(certificates.size() - 1);
  }

  @Override
  public WitnessSet witnesses(long height) {
    return witnesses.apply(height);
  }

  @Override
  public BlockDraft build(Block parent, long timestamp, PublicKey producer) {
    LedgerState copy = copy();
    Address producerAddress = Address.of(producer, genesis.chainId());
    List<Transaction> included = new ArrayList<>();
    for (Transaction tx : pool) {
      if (included.size() == MAX_BLOCK_TRANSACTIONS) {
        break;
      }
      try {
        copy.apply(tx, producerAddress, timestamp);
        included.add(tx);
      } catch (SteleException skipped) {
        // stale or out of order here; it stays in the pool until it applies or goes stale
      }
    }
    BlockTrees trees = BlockTrees.of(included);
    long height = parent.height() + 1;
    BlockHeader header =
        new BlockHeader(
            genesis.chainId(),
            height,
            parent.hash(),
            timestamp,
            producer,
            trees.transactionsRoot(),
            trees.anchorRootSha256(),
            trees.anchorRootSha3(),
            trees.anchorCount(),
            copy.root(),
            witnesses(height).hash(),
            included.size());
    return new BlockDraft(header, included);
  }

  @Override
  public void validate(Block block) {
    BlockHeader h = block.header();
    if (!h.witnessSetHash().equals(witnesses(h.height()).hash())) {
      throw new SteleException("block.witness_set", "header names another witness set");
    }
    LedgerState copy = copy();
    execute(copy, block);
    if (!copy.root().equals(h.stateRoot())) {
      throw new SteleException("block.state_root", "state root differs");
    }
  }

  @Override
  public void commit(Block block, FinalityCertificate certificate) {
    if (block.height() != chain.size()) {
      throw new IllegalStateException("commit of " + block.height() + " at " + chain.size());
    }
    execute(state, block);
    entries.putAll(state.drainWrites());
    chain.add(block);
    certificates.add(certificate);
    pool.removeAll(block.transactions());
    pool.removeIf(tx -> tx.nonce() < state.account(tx.senderAddress()).nonce());
    listener.committed(this, block, certificate, state.root());
  }

  @Override
  public void evidence(Evidence e) {
    evidence.add(e, genesis.chainId(), witnesses(e.height()));
  }

  private void execute(LedgerState target, Block block) {
    Address producer = Address.of(block.header().producer(), genesis.chainId());
    for (Transaction tx : block.transactions()) {
      target.apply(tx, producer, block.header().timestamp());
    }
  }

  private LedgerState copy() {
    return LedgerState.restore(genesis, entries.entrySet());
  }
}

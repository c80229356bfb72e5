package io.stele.ledger.node;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.anchor.AnchoringService;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.Evidence;
import io.stele.ledger.consensus.EvidencePool;
import io.stele.ledger.consensus.Offence;
import io.stele.ledger.consensus.round.ConsensusApplication;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.mempool.Mempool;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.tx.Addresses;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ledger as a witness's consensus engine sees it: builds blocks from the mempool (with queued
 * anchors and pending evidence), validates proposals by executing them on the state and taking the
 * changes back, and commits final blocks. A block validated or built here is committed from the
 * writes its execution produced, keyed by its hash, so a final block is executed once per node.
 *
 * <p>Runs on the engine's thread; takes the node's lock around the state, which the views and
 * admission share.
 */
final class WitnessLedger implements ConsensusApplication {
  private static final int ANCHOR_TRANSACTIONS_PER_BLOCK = SoloNode.ANCHOR_TRANSACTIONS_PER_BLOCK;
  private static final int EVIDENCE_POOL = 1_000;

  /**
   * Room left in a proposal message for what wraps the block: the type tag and the proposal's
   * chain, height, rounds, proposer key and signature (114 bytes), with margin.
   */
  static final int PROPOSAL_ENVELOPE_BYTES = 1_024;

  /** A block executed on the state at the head: what it writes and its trees. */
  private record Executed(Map<Bytes, byte[]> writes, BlockTrees trees) {}

  private final Genesis genesis;
  private final Parameters parameters;
  private final KeyPair key;
  private final FinalChain chain;
  private final Mempool mempool;
  private final AnchoringService anchoring;
  private final Object lock;
  private final long maxBodyBytes;
  private final EvidencePool evidence = new EvidencePool(EVIDENCE_POOL);
  private final Set<Offence> reported = new HashSet<>();
  private final Map<Bytes, Executed> executed = new HashMap<>();
  private FinalityCertificate headCertificate;

  /**
   * {@code maxProposalBytes} is the largest message peers take (the transport's limit): every block
   * built here is cut so that its proposal fits, or it would never reach them and its height would
   * fail every round.
   */
  WitnessLedger(
      KeyPair key,
      FinalChain chain,
      Mempool mempool,
      AnchoringService anchoring,
      Object lock,
      int maxProposalBytes) {
    this.genesis = chain.genesis();
    this.parameters = genesis.parameters();
    this.key = key;
    this.chain = chain;
    this.mempool = mempool;
    this.anchoring = anchoring;
    this.lock = lock;
    this.maxBodyBytes =
        (long) maxProposalBytes
            - PROPOSAL_ENVELOPE_BYTES
            - BlockHeader.LENGTH
            - PublicKey.SIGNATURE_LENGTH;
    this.headCertificate = chain.certified(chain.head().height()).orElseThrow().certificate();
  }

  @Override
  public Block head() {
    return chain.head();
  }

  @Override
  public FinalityCertificate headCertificate() {
    synchronized (lock) {
      return headCertificate;
    }
  }

  @Override
  public WitnessSet witnesses(long height) {
    return chain.witnessSet(height);
  }

  @Override
  public BlockDraft build(Block parent, long timestamp, PublicKey producer) {
    synchronized (lock) {
      LedgerState state = chain.state();
      packAnchors(timestamp);
      reportEvidence(timestamp);
      LedgerState.Draft draft =
          state.draft(
              mempool.peek(parameters.maxBlockTransactions(), maxBodyBytes),
              Addresses.of(producer, genesis.chainId()),
              timestamp,
              (tx, reason) -> {}); // stays pending until a commit shows it can never apply
      long height = parent.height() + 1;
      BlockTrees trees = BlockTrees.of(draft.included());
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
              draft.stateRoot(),
              state.witnessSet(height).hash(),
              draft.nextWitnessSetHash(),
              draft.included().size());
      executed.put(header.hash(), new Executed(draft.writes(), trees));
      return new BlockDraft(header, draft.included());
    }
  }

  @Override
  public void validate(Block block) {
    if (executed.containsKey(block.hash())) {
      return; // built or validated here already
    }
    BlockTrees trees = block.checkBody();
    checkSignatures(block);
    synchronized (lock) {
      executed.put(block.hash(), new Executed(chain.state().trial(block), trees));
    }
  }

  /**
   * Every signature this node has not checked yet, on all cores; a transaction admitted here with
   * the very same bytes was checked at admission, and one checked before (in another proposal) is
   * remembered by the chain's {@link io.stele.ledger.tx.CheckedSignatures}.
   */
  private void checkSignatures(Block block) {
    List<Transaction> unchecked = new ArrayList<>();
    synchronized (lock) {
      for (Transaction tx : block.transactions()) {
        boolean admitted =
            mempool.pending(tx.id()).filter(p -> p.encoded().equals(tx.encoded())).isPresent();
        if (!admitted) {
          unchecked.add(tx);
        }
      }
    }
    Transaction bad = chain.signatures().firstInvalid(unchecked).orElse(null);
    if (bad != null) {
      throw new SteleException(
          "tx.bad_signature", "transaction " + bad.id() + " in block " + block.height());
    }
  }

  @Override
  public void commit(Block block, FinalityCertificate certificate) {
    Executed done = executed.get(block.hash());
    if (done == null) {
      validate(block); // the engine validates before it commits; a block from sync too
      done = executed.get(block.hash());
    }
    synchronized (lock) {
      chain.state().applyWrites(done.writes());
      chain.commit(block, certificate, done.trees());
      headCertificate = certificate;
      executed.clear(); // every other candidate was built on the old head
      mempool.retain(chain.state());
      List<Offence> included = new ArrayList<>();
      for (Transaction tx : block.transactions()) {
        if (tx.payload() instanceof Payload.EvidenceReport report) {
          included.add(report.evidence().offence());
        }
      }
      evidence.remove(included);
    }
  }

  @Override
  public void evidence(Evidence e) {
    try {
      evidence.add(e, genesis.chainId(), chain.witnessSet(e.height()));
    } catch (SteleException refused) {
      // not checkable here (a height beyond the known terms) or the pool is full: others report it
    }
  }

  /** Pending evidence, for the status view. */
  List<Evidence> pendingEvidence() {
    return evidence.pending();
  }

  /**
   * Reports each pending offence once, in a transaction of this witness's that the next block
   * packs.
   */
  private void reportEvidence(long now) {
    long fee = parameters.fee(TransactionType.EVIDENCE);
    for (Evidence e : evidence.pending()) {
      if (reported.contains(e.offence())) {
        continue;
      }
      Transaction tx =
          Transaction.sign(
              genesis.chainId(), key, nextNonce(), now, fee, new Payload.EvidenceReport(e));
      try {
        mempool.admit(tx, chain.state());
        reported.add(e.offence());
      } catch (SteleException notNow) {
        return; // the mempool is full or the witness cannot pay: try at its next block
      }
    }
  }

  /** Packs queued anchor hashes into anchor transactions signed by the witness's key. */
  private void packAnchors(long now) {
    int room =
        Math.min(ANCHOR_TRANSACTIONS_PER_BLOCK, parameters.maxBlockTransactions() - mempool.size());
    if (room <= 0 || anchoring.queued() == 0) {
      return;
    }
    long fee = parameters.fee(TransactionType.ANCHOR);
    for (Payload.Anchor payload : anchoring.take(room, parameters.maxAnchorsPerTransaction())) {
      Transaction tx = Transaction.sign(genesis.chainId(), key, nextNonce(), now, fee, payload);
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

  private long nextNonce() {
    Address own = Addresses.of(key.publicKey(), genesis.chainId());
    return chain.state().account(own).nonce() + mempool.pendingCount(key.publicKey());
  }
}

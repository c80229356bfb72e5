package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.error.SteleException;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.mempool.Mempool;
import io.stele.ledger.tx.Transaction;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A ledger node that is not a witness: it holds the final chain it learns from its peers (block
 * sync commits into {@link #chain()}), serves the same views as a witness, and checks the
 * transactions submitted to it before they are relayed to the witnesses. Transactions it admitted
 * wait in a bounded mempool only to be shown as pending; after each committed block the ones now in
 * the chain, or no longer valid, leave it.
 */
public final class FollowerNode implements ChainNode {
  /** Node-local bounds on transactions shown as pending. */
  public static final int MEMPOOL_MAX_TRANSACTIONS = 50_000;

  public static final long MEMPOOL_MAX_BYTES = 64L * 1024 * 1024;

  private final Object lock = new Object();
  private final Clock clock;
  private final Mempool mempool = new Mempool(MEMPOOL_MAX_TRANSACTIONS, MEMPOOL_MAX_BYTES);
  private final FinalChain chain;

  private FollowerNode(Path dataDir, Genesis genesis, Clock clock) {
    this.clock = clock;
    this.chain = FinalChain.open(dataDir, genesis, lock, receipts -> {});
    chain.onCommitted((block, certificate) -> prunePending());
  }

  /** Opens (or creates, at its genesis block) the chain in {@code dataDir}. */
  public static FollowerNode open(Path dataDir, Genesis genesis, Clock clock) {
    return new FollowerNode(dataDir, genesis, clock);
  }

  @Override
  public FinalChain chain() {
    return chain;
  }

  /** Runs under the chain's lock, in the committing thread, right after a block is committed. */
  private void prunePending() {
    for (Transaction tx : mempool.drain(mempool.size())) {
      try {
        mempool.admit(tx, chain.state());
      } catch (SteleException included) {
        // in the block just committed (its nonce is used now), or no longer valid: it leaves
      }
    }
  }

  @Override
  public ObjectNode status() {
    synchronized (lock) {
      ObjectNode o = chain.status();
      o.putObject("mempool").put("transactions", mempool.size()).put("bytes", mempool.bytes());
      o.put("anchorQueue", 0);
      o.put("role", "follower");
      return o;
    }
  }

  @Override
  public Optional<ObjectNode> transaction(Bytes id) {
    return Admission.find(chain, mempool, lock, id);
  }

  /**
   * Checks a transaction as a witness would at admission (decoding, chain, fee, time, signature,
   * nonce and funds against the final state plus what is pending here) and admits it as pending.
   * Relaying it is the network's part.
   */
  @Override
  public ObjectNode submit(byte[] signedTransaction) {
    return Admission.pending(admit(signedTransaction));
  }

  /**
   * What {@link #submit} does, without the answer's view: for transactions relayed by peers, whose
   * sender reads no answer. Returns the admitted transaction, or throws why it is refused.
   */
  public Transaction admit(byte[] signedTransaction) {
    chain.checkOpen();
    return Admission.admit(chain, mempool, lock, clock, signedTransaction);
  }

  @Override
  public ObjectNode anchor(List<Bytes> hashes) {
    throw new SteleException(
        "node.role", "a follower does not anchor hashes; send them to a witness's API");
  }

  @Override
  public ObjectNode witnesses() {
    return chain.witnessesView();
  }

  @Override
  public void close() {
    chain.close();
  }
}

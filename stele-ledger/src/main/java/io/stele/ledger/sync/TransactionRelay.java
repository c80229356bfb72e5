package io.stele.ledger.sync;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.net.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Passes on the transactions a node admitted, from its API or from peers, in {@link
 * TransactionBatch}es: what was admitted over {@link #WINDOW_MILLIS} (or until {@link
 * TransactionBatch#MAX_TRANSACTIONS} are waiting) goes to each peer in one message instead of one
 * gossip message per transaction. A transaction is not sent back to the peer it came from, nor to
 * witnesses when the batch it came in says every witness has it already. Each node relays a
 * transaction only when it admits it, and admits it once, so relaying ends in any mesh.
 */
final class TransactionRelay {
  /** How long an admitted transaction waits for others to share its batch. */
  static final long WINDOW_MILLIS = 5;

  private final Transport transport;
  private final Supplier<Set<PublicKey>> witnesses;
  private final List<Pending> pending = new ArrayList<>();
  private boolean flushScheduled;

  /**
   * An admitted transaction, who sent it (null: this node's API), and whether witnesses have it.
   */
  private record Pending(Bytes transaction, PublicKey from, boolean witnessesHaveIt) {}

  /**
   * @param witnesses the witnesses of the set in force for the next block
   */
  TransactionRelay(Transport transport, Supplier<Set<PublicKey>> witnesses) {
    this.transport = transport;
    this.witnesses = witnesses;
  }

  /** A transaction this node admitted from its API. Safe from any thread. */
  void admittedLocally(Bytes transaction) {
    add(new Pending(transaction, null, false));
  }

  /** A transaction this node admitted from a batch of {@code from}. Safe from any thread. */
  void admittedFrom(PublicKey from, Bytes transaction, boolean witnessesHaveIt) {
    add(new Pending(transaction, from, witnessesHaveIt));
  }

  private void add(Pending tx) {
    long delay;
    synchronized (pending) {
      pending.add(tx);
      if (pending.size() == TransactionBatch.MAX_TRANSACTIONS) { // full: no need to wait
        delay = 0;
      } else if (flushScheduled) {
        return;
      } else {
        delay = WINDOW_MILLIS;
      }
      flushScheduled = true;
    }
    LedgerPeers.onInboundThread(transport, delay, this::flush);
  }

  /** Sends what waits, each peer its share; on the inbound thread. */
  private void flush() {
    List<Pending> out;
    synchronized (pending) {
      flushScheduled = false;
      if (pending.isEmpty()) {
        return;
      }
      out = new ArrayList<>(pending);
      pending.clear();
    }
    Set<PublicKey> witnessSet = witnesses.get();
    List<PublicKey> peers = new ArrayList<>(transport.peers());
    peers.sort(null);
    // This node reaches every witness itself: what it sends, every witness has been sent.
    boolean reachesAllWitnesses = true;
    for (PublicKey w : witnessSet) {
      reachesAllWitnesses &= w.equals(transport.self()) || peers.contains(w);
    }
    for (PublicKey peer : peers) {
      boolean isWitness = witnessSet.contains(peer);
      Batcher batcher = new Batcher(peer);
      for (Pending tx : out) {
        if (!peer.equals(tx.from()) && !(isWitness && tx.witnessesHaveIt())) {
          batcher.add(tx.transaction(), tx.witnessesHaveIt() || reachesAllWitnesses);
        }
      }
      batcher.send();
    }
  }

  /**
   * Cuts one peer's transactions into batches in admission order (a sender's nonces must arrive in
   * order): a new batch starts when the flag changes or a bound would be passed.
   */
  private final class Batcher {
    private final PublicKey peer;
    private final List<Bytes> batch = new ArrayList<>();
    private boolean witnessesHaveIt;
    private long bytes = TransactionBatch.HEADER_BYTES;

    Batcher(PublicKey peer) {
      this.peer = peer;
    }

    void add(Bytes tx, boolean covered) {
      long size = TransactionBatch.PER_TRANSACTION_BYTES + tx.length();
      if (!batch.isEmpty()
          && (covered != witnessesHaveIt
              || batch.size() == TransactionBatch.MAX_TRANSACTIONS
              || bytes + size > TransactionBatch.MAX_BYTES)) {
        send();
      }
      witnessesHaveIt = covered;
      batch.add(tx);
      bytes += size;
    }

    void send() {
      if (!batch.isEmpty()) {
        transport.send(peer, new TransactionBatch(witnessesHaveIt, batch).message());
        batch.clear();
        bytes = TransactionBatch.HEADER_BYTES;
      }
    }
  }
}

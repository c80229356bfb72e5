package io.stele.ledger.sync;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.node.FinalChain;
import io.stele.ledger.sync.SyncMessages.Blocks;
import io.stele.ledger.sync.SyncMessages.CertifiedHeader;
import io.stele.ledger.sync.SyncMessages.FinalBlock;
import io.stele.ledger.sync.SyncMessages.Headers;
import io.stele.ledger.sync.SyncMessages.Range;
import io.stele.ledger.sync.SyncMessages.Status;
import io.stele.net.Message;
import io.stele.net.Transport;
import io.stele.net.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A ledger node on the peer network: the one {@link Transport.Handler} of a node. It relays
 * transactions in batches (each transaction checked by the node before it is passed on), serves
 * final heights, certified headers and blocks from the node's {@link FinalChain}, asks every peer
 * for its final height each second, announces the blocks a witness finalizes, and hands sync
 * answers and announcements to {@link BlockSync} on a node that follows the chain.
 */
public final class LedgerPeers implements Transport.Handler {
  /** How often every peer is asked for its final height. */
  public static final long STATUS_INTERVAL_MILLIS = 1_000;

  /** Bound on the blocks of one answer, below the transport's default 4 MiB message limit. */
  public static final int BLOCKS_ANSWER_BYTES = 3 << 20;

  /** Codes that say a transaction can never be valid, whatever the state: the sender misbehaves. */
  private static final Set<String> INVALID_TRANSACTION =
      Set.of(
          "tx.version",
          "tx.type",
          "tx.too_large",
          "tx.chain",
          "tx.fee",
          "tx.bad_signature",
          "tx.amount",
          "tx.anchor_count",
          "tx.anchor_length",
          "tx.anchor_duplicate",
          "tx.deposit",
          "tx.range");

  private final Transport transport;
  private final FinalChain chain;
  private final Consumer<byte[]> admit;
  private final Optional<BlockSync> sync;
  private final TransactionRelay relay;
  private final Map<PublicKey, Long> peerFinal = new ConcurrentHashMap<>();
  private Optional<Consensus> consensus = Optional.empty();
  private final ArrayDeque<Received> waiting = new ArrayDeque<>(); // relayed, not yet admitted
  private int waitingTransactions; // guarded by waiting
  // Where relayed batches are admitted: the transport's thread unless given one of their own.
  private volatile Executor admissions;
  private ExecutorService admissionThread;

  /** Where the consensus tags go on a witness of a multi-witness chain. */
  public interface Consensus {
    Verdict onMessage(PublicKey from, Message message);

    void onPeerConnected(PublicKey peer);
  }

  /**
   * @param admit checks a transaction from a peer fully and admits it to the node's mempool, or
   *     throws the reason it refuses
   * @param sync present on a node that follows the chain rather than producing it
   */
  public LedgerPeers(
      Transport transport, FinalChain chain, Consumer<byte[]> admit, Optional<BlockSync> sync) {
    this.transport = transport;
    this.chain = chain;
    this.admit = admit;
    this.sync = sync;
    this.relay = new TransactionRelay(transport, this::nextWitnesses);
    this.admissions = task -> transport.scheduler().schedule(0, task);
  }

  /**
   * Admits relayed transactions on a thread of their own instead of the transport's, where the
   * consensus engine runs: their signature checks (most of that thread's work under load) then no
   * longer hold up proposals and votes, and use the other core. Batches are still admitted one at a
   * time in arrival order, so a sender's nonces stay in order. Not for a deterministic simulation,
   * whose only thread is the transport's. Call before {@link #start}; {@link #close} stops the
   * thread.
   */
  public LedgerPeers admitOnOwnThread() {
    admissionThread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("stele-tx-admission").daemon().factory());
    admissions = admissionThread;
    return this;
  }

  /** Lets the admission thread, if any, finish the batch it is on and stops it. */
  public void close() {
    if (admissionThread != null) {
      admissionThread.shutdown();
      try {
        admissionThread.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The witnesses of the set in force for the block after the final head. */
  private Set<PublicKey> nextWitnesses() {
    return Set.copyOf(chain.witnessSet(chain.head().height() + 1).witnesses());
  }

  /** Routes the consensus tags to {@code engine}; call before {@link #start()}. */
  public LedgerPeers routeConsensus(Consensus engine) {
    this.consensus = Optional.of(engine);
    return this;
  }

  /** Becomes the transport's handler and starts asking peers for their final heights. */
  public LedgerPeers start() {
    transport.setHandler(this);
    transport.scheduler().schedule(0, this::tick);
    return this;
  }

  /** Gossips every block the node commits from now on (a witness announcing its own blocks). */
  public LedgerPeers announceCommits() {
    chain.onCommitted(
        (block, certificate) ->
            onInboundThread(() -> transport.gossip(new FinalBlock(block, certificate).message())));
    return this;
  }

  /**
   * Gossips every block the node commits while a follower is connected: the witnesses of the
   * block's term committed it themselves, and one that missed it learns the height from the status
   * it asks for each second (or from the next round's messages) and fetches the block.
   */
  public LedgerPeers announceCommitsToFollowers() {
    chain.onCommitted(
        (block, certificate) ->
            onInboundThread(
                () -> {
                  WitnessSet committers = chain.witnessSet(block.height());
                  if (!committers.witnesses().containsAll(transport.peers())) {
                    transport.gossip(new FinalBlock(block, certificate).message());
                  }
                }));
    return this;
  }

  /**
   * Relays a transaction this node admitted from its own API with the next batch. Safe from any
   * thread.
   */
  public void relay(byte[] transaction) {
    relay.admittedLocally(Bytes.wrap(transaction));
  }

  /**
   * Sends from the transport's own thread; once the transport is closed there is no one to tell.
   */
  private void onInboundThread(Runnable send) {
    onInboundThread(transport, 0, send);
  }

  /** Runs {@code send} on {@code transport}'s thread after {@code delayMillis}, unless closed. */
  static void onInboundThread(Transport transport, long delayMillis, Runnable send) {
    try {
      transport.scheduler().schedule(delayMillis, send);
    } catch (RejectedExecutionException closed) {
      // the transport has shut down (the node is closing): nothing to send to
    }
  }

  /** The final height each connected peer last reported. */
  public Map<PublicKey, Long> peerFinalHeights() {
    return Map.copyOf(peerFinal);
  }

  public Transport transport() {
    return transport;
  }

  public Optional<BlockSync> sync() {
    return sync;
  }

  private void tick() {
    if (chain.isClosed()) {
      return;
    }
    List<PublicKey> peers = new ArrayList<>(transport.peers());
    peers.sort(null);
    peers.forEach(this::askStatus);
    sync.ifPresent(BlockSync::poll);
    transport.scheduler().schedule(STATUS_INTERVAL_MILLIS, this::tick);
  }

  private void askStatus(PublicKey peer) {
    transport.send(peer, Message.of(MessageTypes.STATUS_REQUEST, new byte[0]));
  }

  @Override
  public void onPeerConnected(PublicKey peer) {
    askStatus(peer);
    consensus.ifPresent(c -> c.onPeerConnected(peer));
  }

  @Override
  public void onPeerDisconnected(PublicKey peer) {
    peerFinal.remove(peer);
    sync.ifPresent(s -> s.peerDisconnected(peer));
  }

  @Override
  public Verdict onMessage(PublicKey from, Message message, boolean gossip) {
    if (chain.isClosed()) {
      return Verdict.IGNORE;
    }
    Bytes body = message.body();
    try {
      return switch (message.type()) {
        case MessageTypes.TX_BATCH -> transactions(from, TransactionBatch.decode(body));
        case MessageTypes.FINAL_BLOCK -> finalBlock(from, FinalBlock.decode(body));
        case MessageTypes.STATUS_REQUEST -> answerStatus(from, body);
        case MessageTypes.STATUS -> status(from, Status.decode(body));
        case MessageTypes.HEADERS_REQUEST ->
            answerHeaders(from, Range.decode(body, SyncMessages.MAX_HEADERS));
        case MessageTypes.HEADERS ->
            sync.map(s -> s.onHeaders(from, Headers.decode(body))).orElse(Verdict.IGNORE);
        case MessageTypes.BLOCKS_REQUEST ->
            answerBlocks(from, Range.decode(body, SyncMessages.MAX_BLOCKS));
        case MessageTypes.BLOCKS ->
            sync.map(s -> s.onBlocks(from, Blocks.decode(body))).orElse(Verdict.IGNORE);
        default ->
            message.type() >= MessageTypes.CONSENSUS_FIRST
                    && message.type() <= MessageTypes.CONSENSUS_LAST
                    && consensus.isPresent()
                ? consensus.get().onMessage(from, message)
                : Verdict.IGNORE; // a newer peer's tag, or consensus on a follower: not ours
      };
    } catch (SteleException e) {
      // bytes that do not decode within their bounds; or the node closed under the message
      return chain.isClosed() ? Verdict.IGNORE : Verdict.REJECT;
    }
  }

  /**
   * Relayed transactions wait here and are admitted one batch per task (on the inbound thread, or
   * on their own), so a consensus message is never stuck behind the signature checks of every batch
   * that arrived before it: under overload at most this many transactions wait. A batch that would
   * pass the bound is dropped, which only delays its transactions (the proposal that includes one
   * carries it whole).
   */
  static final int MAX_WAITING_TRANSACTIONS = 4_096;

  private record Received(PublicKey from, TransactionBatch batch) {}

  private Verdict transactions(PublicKey from, TransactionBatch batch) {
    int count = batch.transactions().size();
    synchronized (waiting) {
      if (waitingTransactions + count > MAX_WAITING_TRANSACTIONS) {
        return Verdict.IGNORE;
      }
      waiting.addLast(new Received(from, batch));
      waitingTransactions += count;
    }
    try {
      admissions.execute(this::admitNextBatch);
    } catch (RejectedExecutionException closing) {
      return Verdict.IGNORE; // the node is closing: nothing is admitted any more
    }
    return Verdict.ACCEPT;
  }

  /**
   * Admits the oldest waiting batch, each transaction by itself (and then relayed on) or refused.
   * One that can never be valid is the sender's fault and costs it score, once per such
   * transaction; one that conflicts with this node's state (already held, a nonce already used, a
   * full mempool) is not.
   */
  private void admitNextBatch() {
    Received received;
    synchronized (waiting) {
      received = waiting.pollFirst();
      if (received == null) {
        return;
      }
      waitingTransactions -= received.batch().transactions().size();
    }
    for (Bytes tx : received.batch().transactions()) {
      if (chain.isClosed()) {
        return;
      }
      try {
        admit.accept(tx.unsafeArray());
        relay.admittedFrom(received.from(), tx, received.batch().witnessesHaveIt());
      } catch (SteleException e) {
        if (verdictFor(e) == Verdict.REJECT) {
          transport.reportInvalid(received.from(), e.code() + " in a transaction batch");
        }
      }
    }
  }

  /** How a refusal of a relayed transaction reflects on the peer that sent it. */
  public static Verdict verdictFor(SteleException refusal) {
    String code = refusal.code();
    return code.startsWith("codec.") || INVALID_TRANSACTION.contains(code)
        ? Verdict.REJECT
        : Verdict.IGNORE;
  }

  private Verdict finalBlock(PublicKey from, FinalBlock announced) {
    peerFinal.merge(from, announced.block().height(), Math::max);
    return sync.map(s -> s.onFinalBlock(from, announced)).orElse(Verdict.IGNORE);
  }

  private Verdict answerStatus(PublicKey from, Bytes body) {
    if (body.length() != 0) {
      return Verdict.REJECT;
    }
    Block head = chain.head();
    transport.send(from, new Status(head.height(), head.hash()).message());
    return Verdict.ACCEPT;
  }

  private Verdict status(PublicKey from, Status status) {
    peerFinal.put(from, status.finalHeight());
    return sync.map(s -> s.onStatus(from, status)).orElse(Verdict.ACCEPT);
  }

  private Verdict answerHeaders(PublicKey from, Range range) {
    List<CertifiedHeader> out = new ArrayList<>();
    for (long h = range.from(); h < range.from() + range.count(); h++) {
      Optional<FinalChain.Certified> stored = chain.certified(h);
      if (stored.isEmpty()) {
        break;
      }
      out.add(CertifiedHeader.of(stored.get().block(), stored.get().certificate()));
    }
    transport.send(from, new Headers(range.from(), out).message());
    return Verdict.ACCEPT;
  }

  private Verdict answerBlocks(PublicKey from, Range range) {
    List<Block> out = new ArrayList<>();
    long bytes = 0;
    for (long h = range.from(); h < range.from() + range.count(); h++) {
      Optional<FinalChain.Certified> stored = chain.certified(h);
      if (stored.isEmpty()) {
        break;
      }
      Block block = stored.get().block();
      bytes += 4 + block.encode().length;
      if (bytes > BLOCKS_ANSWER_BYTES) {
        break;
      }
      out.add(block);
    }
    transport.send(from, new Blocks(range.from(), out).message());
    return Verdict.ACCEPT;
  }
}

package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.anchor.AnchoringService;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.consensus.Countdown;
import io.stele.ledger.consensus.Evidence;
import io.stele.ledger.consensus.round.ConsensusEngine;
import io.stele.ledger.consensus.round.ConsensusMessages;
import io.stele.ledger.consensus.round.ConsensusOutput;
import io.stele.ledger.consensus.round.Expiry;
import io.stele.ledger.consensus.round.RoundTimeouts;
import io.stele.ledger.consensus.round.SigningGuard;
import io.stele.ledger.consensus.round.SigningState;
import io.stele.ledger.consensus.round.Step;
import io.stele.ledger.consensus.round.Timeout;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.mempool.Mempool;
import io.stele.ledger.store.SignerStateStore;
import io.stele.ledger.tx.Transaction;
import io.stele.net.Message;
import io.stele.net.Scheduled;
import io.stele.net.Scheduler;
import io.stele.net.Transport;
import io.stele.net.Verdict;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A witness of a chain with several witnesses: its final chain, mempool, anchoring service and
 * evidence pool, and the {@link ConsensusEngine} that agrees on each block with the other
 * witnesses. The engine runs on the transport's scheduler thread, one input at a time; the views
 * and admission run on any thread under the node's lock. What the witness signs is recorded in a
 * {@link SignerStateStore} of its own beside the chain before the signature leaves the node.
 */
public final class WitnessNode implements AnchoringNode, ChainNode {
  /** Node-local bounds (not chain rules). */
  public static final int MEMPOOL_MAX_TRANSACTIONS = SoloNode.MEMPOOL_MAX_TRANSACTIONS;

  public static final long MEMPOOL_MAX_BYTES = SoloNode.MEMPOOL_MAX_BYTES;

  private final Genesis genesis;
  private final KeyPair key;
  private final Clock clock;
  private final int maxProposalBytes;
  private final Object lock = new Object();
  private final Mempool mempool = new Mempool(MEMPOOL_MAX_TRANSACTIONS, MEMPOOL_MAX_BYTES);
  private final AnchoringService anchoring = new AnchoringService(SoloNode.ANCHOR_QUEUE_MAX);
  private final FinalChain chain;
  private final SignerStateStore signer;
  private final WitnessLedger ledger;

  private ConsensusEngine engine;
  private volatile Snapshot snapshot =
      new Snapshot(
          0, 0, Step.PROPOSE, List.of(), 0, 0, new long[Timeout.Kind.values().length], List.of());
  private volatile boolean closed;

  /** An engine input that held the consensus thread this long is kept for the status view. */
  static final long SLOW_STEP_MILLIS = 100;

  private static final int SLOW_STEPS_KEPT = 16;

  /**
   * An input that held the consensus thread for {@code millis} (all its inputs wait behind it):
   * what it was, at which height and round it found the engine, and whether it committed a block.
   */
  private record SlowStep(
      long at, String input, long height, int round, boolean committed, long millis) {}

  private final ArrayDeque<SlowStep> slowSteps = new ArrayDeque<>(SLOW_STEPS_KEPT);

  /** What the engine was doing after its last input, for the status view. */
  private record Snapshot(
      long height,
      int round,
      Step step,
      List<Evidence> evidence,
      long laterRoundCommits,
      long certifiedCommits,
      long[] expired,
      List<Expiry> recentExpiries) {}

  private WitnessNode(
      Path dataDir, Path signerDir, Genesis genesis, KeyPair key, Clock clock, int maxProposal) {
    this.genesis = genesis;
    this.key = key;
    this.clock = clock;
    this.maxProposalBytes = maxProposal;
    this.chain = FinalChain.open(dataDir, genesis, lock, anchoring::finalized);
    try {
      this.signer = SignerStateStore.open(signerDir);
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
    this.ledger = new WitnessLedger(key, chain, mempool, anchoring, lock, maxProposal);
  }

  /**
   * Opens (or creates) the chain in {@code dataDir} and the signing state in {@code signerDir}. The
   * key must be a witness of the genesis. A signing state that is missing means this witness lost
   * what it signed: it only follows until the engine finds it safe to sign (docs/consensus.md);
   * {@link #prepareSigner} gives the witnesses of a new chain theirs.
   */
  public static WitnessNode open(
      Path dataDir,
      Path signerDir,
      Genesis genesis,
      KeyPair witnessKey,
      Clock clock,
      int maxProposalBytes) {
    if (!genesis.witnesses().contains(witnessKey.publicKey())) {
      throw new SteleException(
          "witness.key", "key " + witnessKey.publicKey() + " is no witness of this genesis");
    }
    return new WitnessNode(dataDir, signerDir, genesis, witnessKey, clock, maxProposalBytes);
  }

  /**
   * Records in {@code signerDir} that this witness has signed nothing yet: for a chain being
   * created, never for a witness that ran before (that would allow signing twice).
   */
  public static void prepareSigner(Path signerDir) {
    try (SignerStateStore store = SignerStateStore.open(signerDir)) {
      if (store.load().isEmpty()) {
        store.save(SigningState.INITIAL);
      }
    }
  }

  /**
   * Starts the consensus engine on {@code transport}'s scheduler thread. {@code needBlock} is told
   * when a peer showed a final block this node lacks (block sync should fetch it and hand it to
   * {@link #commitCertified}). Every later input must come on that same thread.
   */
  public void start(Transport transport, BiConsumer<Long, PublicKey> needBlock) {
    ConsensusParameters consensus = genesis.parameters().consensus();
    ConsensusEngine.Config config =
        new ConsensusEngine.Config(
            genesis.chainId(),
            Countdown.of(consensus),
            RoundTimeouts.of(consensus),
            maxProposalBytes);
    ConsensusOutput output =
        new ConsensusOutput() {
          @Override
          public void gossip(Message message) {
            transport.gossip(message);
          }

          @Override
          public void send(PublicKey peer, Message message) {
            transport.send(peer, message);
          }

          @Override
          public void resend(Message message) {
            transport.peers().forEach(p -> transport.send(p, message));
          }

          @Override
          public void needBlock(long height, PublicKey peer) {
            needBlock.accept(height, peer);
          }
        };
    Scheduler observed = new ObservedScheduler(transport.scheduler());
    engine =
        new ConsensusEngine(
            config, ledger, output, observed, Optional.of(new SigningGuard(key, signer)));
    observed.schedule(0, engine::start);
  }

  /** A consensus message from a peer; on the scheduler thread. */
  public Verdict onConsensusMessage(PublicKey from, Message message) {
    if (closed || engine == null) {
      return Verdict.IGNORE;
    }
    long started = System.nanoTime();
    long height = engine.height();
    int round = engine.round();
    Verdict verdict = engine.onMessage(from, message);
    timed(inputName(message.type()), height, round, started);
    publish();
    return verdict;
  }

  /** A peer connected; on the scheduler thread. */
  public void onPeerConnected(PublicKey peer) {
    if (!closed && engine != null) {
      engine.onPeerConnected(peer);
    }
  }

  /**
   * A final block from block sync; on the scheduler thread. Throws {@code sync.rejected} when the
   * engine does not take it (not the next height, or it does not check out).
   */
  public void commitCertified(Block block, FinalityCertificate certificate) {
    long started = System.nanoTime();
    long height = engine == null ? 0 : engine.height();
    int round = engine == null ? 0 : engine.round();
    if (closed || engine == null || !engine.onCertifiedBlock(block, certificate)) {
      throw new SteleException(
          "sync.rejected", "block " + block.height() + " is not the next valid final block");
    }
    timed("certified block", height, round, started);
    publish();
  }

  private void publish() {
    if (engine != null) {
      snapshot =
          new Snapshot(
              engine.height(),
              engine.round(),
              engine.step(),
              ledger.pendingEvidence(),
              engine.laterRoundCommits(),
              engine.certifiedCommits(),
              Arrays.stream(Timeout.Kind.values()).mapToLong(engine::expired).toArray(),
              engine.recentExpiries());
    }
  }

  private static String inputName(int type) {
    return switch (type) {
      case ConsensusMessages.PROPOSAL -> "proposal";
      case ConsensusMessages.PREVOTE -> "prevote";
      case ConsensusMessages.PRECOMMIT -> "precommit";
      case ConsensusMessages.COMMIT -> "commit";
      default -> "message " + type;
    };
  }

  /** Keeps the input begun at {@code started} (nanoTime) if it held the thread too long. */
  private void timed(String input, long height, int round, long started) {
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (millis < SLOW_STEP_MILLIS || engine == null) {
      return;
    }
    synchronized (slowSteps) {
      if (slowSteps.size() == SLOW_STEPS_KEPT) {
        slowSteps.removeFirst();
      }
      slowSteps.addLast(
          new SlowStep(clock.millis(), input, height, round, engine.height() != height, millis));
    }
  }

  /** The transport's scheduler, publishing the engine's position after each timer it runs. */
  private final class ObservedScheduler implements Scheduler {
    private final Scheduler inner;

    ObservedScheduler(Scheduler inner) {
      this.inner = inner;
    }

    @Override
    public long millis() {
      return inner.millis();
    }

    @Override
    public Scheduled schedule(long delayMillis, Runnable task) {
      return inner.schedule(
          delayMillis,
          () -> {
            if (!closed) {
              long started = System.nanoTime();
              long height = engine == null ? 0 : engine.height();
              int round = engine == null ? 0 : engine.round();
              task.run();
              timed("timer", height, round, started);
              publish();
            }
          });
    }
  }

  @Override
  public FinalChain chain() {
    return chain;
  }

  public Genesis genesis() {
    return genesis;
  }

  /** This witness's key. */
  public PublicKey witness() {
    return key.publicKey();
  }

  @Override
  public ObjectNode status() {
    Snapshot s = snapshot;
    synchronized (lock) {
      ObjectNode o = chain.status();
      o.putObject("mempool").put("transactions", mempool.size()).put("bytes", mempool.bytes());
      o.put("anchorQueue", anchoring.queued());
      o.put("role", "witness");
      o.put("witness", key.publicKey().toString());
      ObjectNode consensus = o.putObject("consensus");
      consensus
          .put("height", s.height())
          .put("round", s.round())
          .put("step", s.step().name().toLowerCase(Locale.ROOT))
          .put("pendingEvidence", s.evidence().size())
          .put("laterRoundCommits", s.laterRoundCommits())
          .put("certifiedCommits", s.certifiedCommits());
      ObjectNode expired = consensus.putObject("timeouts");
      for (Timeout.Kind kind : Timeout.Kind.values()) {
        if (kind != Timeout.Kind.PRODUCE) { // the producer's own timer, not a step that expired
          expired.put(kind.name().toLowerCase(Locale.ROOT), s.expired()[kind.ordinal()]);
        }
      }
      ArrayNode slow = consensus.putArray("slowSteps");
      synchronized (slowSteps) {
        for (SlowStep step : slowSteps) {
          slow.addObject()
              .put("at", step.at())
              .put("input", step.input())
              .put("height", step.height())
              .put("round", step.round())
              .put("committed", step.committed())
              .put("millis", step.millis());
        }
      }
      ArrayNode recent = consensus.putArray("recentTimeouts");
      for (Expiry e : s.recentExpiries()) {
        recent
            .addObject()
            .put("height", e.height())
            .put("round", e.round())
            .put("step", e.kind().name().toLowerCase(Locale.ROOT))
            .put("roundMillis", e.roundMillis())
            .put("headMillis", e.headMillis())
            .put("proposer", e.proposer().toString())
            .put("proposal", e.proposal().name().toLowerCase(Locale.ROOT))
            .put("prevotes", e.prevotes())
            .put("precommits", e.precommits());
      }
      return o;
    }
  }

  /**
   * The witness set and term, plus who may produce the next block and when: the witnesses in the
   * order of the countdown after the head's producer, each with the earliest time its turn comes.
   */
  @Override
  public ObjectNode witnesses() {
    ObjectNode o = chain.witnessesView();
    Block head = chain.head();
    WitnessSet set = chain.witnessSet(head.height() + 1);
    List<PublicKey> list = set.witnesses();
    ConsensusParameters consensus = genesis.parameters().consensus();
    Countdown countdown = Countdown.of(consensus);
    int headIndex = Math.max(0, list.indexOf(head.header().producer()));
    ArrayNode schedule = o.putArray("schedule");
    long now = clock.millis();
    long elapsed = Math.max(0, now - head.header().timestamp());
    for (int d = 1; d <= list.size(); d++) {
      int index = (headIndex + d) % list.size();
      long wait = countdown.waitMillis(headIndex, index, list.size(), elapsed);
      schedule
          .addObject()
          .put("publicKey", list.get(index).toString())
          .put("height", head.height() + 1)
          .put("countdownMillis", Math.max(0, wait));
    }
    ArrayNode evidence = o.putArray("pendingEvidence");
    for (Evidence e : snapshot.evidence()) {
      evidence
          .addObject()
          .put("witness", e.offence().witness().toString())
          .put("height", e.offence().height())
          .put("kind", e.getClass().getSimpleName());
    }
    return o;
  }

  @Override
  public Optional<ObjectNode> transaction(Bytes id) {
    return Admission.find(chain, mempool, lock, id);
  }

  /** Checks a transaction fully (signature included) and admits it to the mempool. */
  @Override
  public ObjectNode submit(byte[] signedTransaction) {
    return Admission.pending(admit(signedTransaction));
  }

  /**
   * What {@link #submit} does, without the answer's view: for transactions relayed by peers, whose
   * sender reads no answer. Returns the admitted transaction, or throws why it is refused.
   */
  public Transaction admit(byte[] signedTransaction) {
    checkOpen();
    return Admission.admit(chain, mempool, lock, clock, signedTransaction);
  }

  @Override
  public ObjectNode anchor(List<Bytes> hashes) {
    checkOpen();
    int queued = anchoring.enqueue(hashes);
    return Views.object().put("accepted", hashes.size()).put("queued", queued);
  }

  @Override
  public CompletableFuture<ObjectNode> awaitReceipt(Bytes hash) {
    CompletableFuture<ObjectNode> future = anchoring.await(hash);
    receipt(hash).ifPresent(r -> anchoring.found(hash, r));
    return future;
  }

  /** Height of the last final block. */
  public long finalHeight() {
    return chain.head().height();
  }

  /** Closes the stores; the transport (and with it the engine's thread) must be closed first. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      chain.close();
    } finally {
      signer.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new SteleException("node.closed", "the node is closed");
    }
  }
}

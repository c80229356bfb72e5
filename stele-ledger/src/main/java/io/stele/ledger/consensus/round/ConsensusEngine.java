package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.Countdown;
import io.stele.ledger.consensus.DoubleBlock;
import io.stele.ledger.consensus.Quorum;
import io.stele.ledger.consensus.TurnRule;
import io.stele.ledger.consensus.round.ConsensusApplication.BlockDraft;
import io.stele.ledger.consensus.round.ConsensusMessages.CommitMessage;
import io.stele.ledger.consensus.round.ConsensusMessages.ProposalMessage;
import io.stele.ledger.consensus.round.ConsensusMessages.VoteMessage;
import io.stele.ledger.consensus.round.HeightVotes.Conflict;
import io.stele.ledger.consensus.round.HeightVotes.Counted;
import io.stele.ledger.consensus.round.SigningState.Locks;
import io.stele.net.Message;
import io.stele.net.Scheduler;
import io.stele.net.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * DPoVP consensus for one node: Tendermint-style rounds with locks, the proposer of each round
 * taken from the countdown (docs/consensus.md). A pure, single-threaded state machine: inputs are
 * the calls below (messages already decoded, timeouts it asked for, certified blocks from sync);
 * outputs go through {@link ConsensusOutput}, {@link ConsensusApplication} and the {@link
 * Scheduler}; signatures only through the {@link SigningGuard}. It reads time only from the
 * scheduler and never blocks. A node without a guard follows the chain and signs nothing.
 */
public final class ConsensusEngine {

  /**
   * @param chainId this chain
   * @param countdown t_w and t_o: who may produce when
   * @param timeouts the round timeouts
   * @param maxProposalBytes the largest proposal body accepted
   */
  public record Config(
      byte chainId, Countdown countdown, RoundTimeouts timeouts, int maxProposalBytes) {}

  /** Rounds further ahead than this are ignored, which bounds the votes kept per height. */
  static final int MAX_ROUNDS_AHEAD = 64;

  /** Messages for the next height kept until this node gets there. */
  static final int MAX_BUFFERED = 4096;

  private record Buffered(PublicKey from, ConsensusMessages.Decoded message) {}

  private final Config config;
  private final ConsensusApplication app;
  private final ConsensusOutput out;
  private final Scheduler scheduler;
  private final SigningGuard guard;
  private final TurnRule turnRule;

  private long height;
  private int round;
  // Since start: heights decided past round 0 (a proposal missed or late: a tail of latency), and
  // heights taken from block sync instead of the rounds (this witness fell behind).
  private long laterRoundCommits;
  private long certifiedCommits;
  // Timeouts that moved this witness on, by kind: which step a round past 0 started from.
  private final long[] expired = new long[Timeout.Kind.values().length];
  // The last timeouts that moved this witness on, with what it had seen: why rounds past 0 happen.
  static final int RECENT_EXPIRIES = 16;
  private final ArrayDeque<Expiry> recentExpiries = new ArrayDeque<>(RECENT_EXPIRIES);
  private List<Expiry> recentExpiriesView = List.of(); // a copy made when one is added
  private long roundStartedAt;
  private Step step;
  private Block head;
  private WitnessSet witnesses;
  private Locks locks = Locks.NONE;
  private final Map<Integer, Proposal> proposals = new HashMap<>();
  private final Map<Bytes, Block> blocks = new HashMap<>();
  private final Map<Bytes, Boolean> validity = new HashMap<>();
  private final Map<PublicKey, Block> producedBy = new HashMap<>();
  private HeightVotes votes = new HeightVotes();
  private final Map<Integer, Set<PublicKey>> signersByRound = new TreeMap<>();
  private final Set<Integer> prevoteTimers = new HashSet<>();
  private final Set<Integer> precommitTimers = new HashSet<>();
  private final Set<Integer> polkasTaken = new HashSet<>();
  private final List<Message> ownMessages = new ArrayList<>();
  private final List<Buffered> nextHeight = new ArrayList<>();
  private final Map<PublicKey, Long> helpedAt = new HashMap<>();
  private long askedHeight = -1;
  private long askedAt;
  private boolean started;

  // Restart without data: the heights other witnesses were seen at, until the guard may resume.
  private final Map<PublicKey, Long> seenHeights = new HashMap<>();
  private long ownSeen = -1;
  private boolean resumed;

  public ConsensusEngine(
      Config config,
      ConsensusApplication app,
      ConsensusOutput out,
      Scheduler scheduler,
      Optional<SigningGuard> guard) {
    this.config = config;
    this.app = app;
    this.out = out;
    this.scheduler = scheduler;
    this.guard = guard.orElse(null);
    this.turnRule = new TurnRule(config.countdown());
  }

  /** Enters the height after the application's head, resuming a round the guard remembers. */
  public void start() {
    if (started) {
      throw new IllegalStateException("the engine has already started");
    }
    started = true;
    enterHeight(app.head());
  }

  public long height() {
    return height;
  }

  public int round() {
    return round;
  }

  /** Heights this witness decided in a round after 0, since it started. */
  public long laterRoundCommits() {
    return laterRoundCommits;
  }

  /**
   * How many timeouts of {@code kind} moved this witness on since it started: PROPOSE (no valid
   * proposal in time), PREVOTE and PRECOMMIT (no quorum for one block in time), ROUND (the whole
   * round).
   */
  public long expired(Timeout.Kind kind) {
    return expired[kind.ordinal()];
  }

  /** The last {@value #RECENT_EXPIRIES} timeouts that moved this witness on, oldest first. */
  public List<Expiry> recentExpiries() {
    return recentExpiriesView;
  }

  /** Heights this witness took from block sync instead of its rounds, since it started. */
  public long certifiedCommits() {
    return certifiedCommits;
  }

  public Step step() {
    return step;
  }

  public Locks locks() {
    return locks;
  }

  // ---------------------------------------------------------------- inputs

  /** A consensus message from a peer: decoded, checked and handled. */
  public Verdict onMessage(PublicKey from, Message message) {
    ConsensusMessages.Decoded decoded;
    try {
      decoded = ConsensusMessages.decode(message, config.maxProposalBytes());
    } catch (SteleException malformed) {
      return Verdict.REJECT;
    }
    return dispatch(from, decoded);
  }

  private Verdict dispatch(PublicKey from, ConsensusMessages.Decoded decoded) {
    return switch (decoded) {
      case ProposalMessage p -> onProposal(from, p.proposal());
      case VoteMessage v -> onVote(from, v.vote());
      case CommitMessage c -> onCommit(from, c.certificate());
    };
  }

  /** A decoded proposal; the verdict says whether gossip should forward it. */
  public Verdict onProposal(PublicKey from, Proposal p) {
    if (p.chainId() != config.chainId()) {
      return Verdict.REJECT;
    }
    if (p.height() != height) {
      return elsewhere(from, p.height(), new ProposalMessage(p), p.proposer(), p::verify);
    }
    if (!p.proposer().equals(proposer(p.round()))) {
      return Verdict.REJECT;
    }
    if (p.round() > round + MAX_ROUNDS_AHEAD) {
      return Verdict.IGNORE;
    }
    Proposal known = proposals.get(p.round());
    if (known != null && known.equals(p)) {
      return Verdict.IGNORE;
    }
    if (!p.verify()) {
      return Verdict.REJECT;
    }
    if (!p.block().header().parentHash().equals(head.hash())) {
      return Verdict.REJECT;
    }
    noteOwn(p.proposer(), p.height());
    noteBlock(p.block());
    if (known == null) {
      proposals.put(p.round(), p);
      noteSigner(p.round(), p.proposer());
      evaluate();
    }
    return Verdict.ACCEPT;
  }

  /** A decoded prevote or precommit; the verdict says whether gossip should forward it. */
  public Verdict onVote(PublicKey from, Vote v) {
    if (v.chainId() != config.chainId()) {
      return Verdict.REJECT;
    }
    if (v.height() != height) {
      return elsewhere(from, v.height(), new VoteMessage(v), v.witness(), v::verify);
    }
    if (!witnesses.contains(v.witness())) {
      return Verdict.REJECT;
    }
    if (v.round() > round + MAX_ROUNDS_AHEAD || votes.has(v)) {
      return Verdict.IGNORE;
    }
    if (!v.verify()) {
      return Verdict.REJECT;
    }
    noteOwn(v.witness(), v.height());
    HeightVotes.Added added = votes.add(v);
    if (added instanceof Conflict c) {
      app.evidence(c.evidence());
    }
    if (!(added instanceof HeightVotes.Duplicate)) {
      noteSigner(v.round(), v.witness());
      evaluate();
      return Verdict.ACCEPT;
    }
    return Verdict.IGNORE;
  }

  /** A final block announced by its certificate. */
  public Verdict onCommit(PublicKey from, FinalityCertificate certificate) {
    if (certificate.chainId() != config.chainId() || certificate.height() < height) {
      return Verdict.IGNORE;
    }
    Block block = blocks.get(certificate.headerHash());
    if (certificate.height() > height || block == null) {
      ask(from);
      return Verdict.IGNORE;
    }
    try {
      certificate.verify(block.header(), witnesses);
    } catch (SteleException invalid) {
      return Verdict.REJECT;
    }
    if (!valid(block, false)) {
      return Verdict.REJECT;
    }
    commit(block, certificate, false);
    return Verdict.ACCEPT;
  }

  /**
   * A block with its certificate, from block sync. Committed when it is the next height, its
   * certificate holds under that height's witnesses and it is valid on top of the head; the result
   * says whether it was.
   */
  public boolean onCertifiedBlock(Block block, FinalityCertificate certificate) {
    if (block.height() != height
        || !block.header().parentHash().equals(head.hash())
        || !block.hasValidProducerSignature()) {
      return false;
    }
    try {
      certificate.verify(block.header(), witnesses);
    } catch (SteleException invalid) {
      return false;
    }
    noteBlock(block);
    if (!valid(block, false)) {
      return false;
    }
    commit(block, certificate, true);
    return true;
  }

  public void onTimeout(Timeout t) {
    if (t.height() != height || t.round() != round) {
      return;
    }
    switch (t.kind()) {
      case PRODUCE -> {
        if (step == Step.PROPOSE) {
          produce();
          evaluate();
        }
      }
      case PROPOSE -> {
        if (step == Step.PROPOSE) {
          noteExpiry(t.kind());
          vote(VoteType.PREVOTE, Vote.NIL);
          step = Step.PREVOTE;
          evaluate();
        }
      }
      case PREVOTE -> {
        if (step == Step.PREVOTE) {
          noteExpiry(t.kind());
          vote(VoteType.PRECOMMIT, Vote.NIL);
          step = Step.PRECOMMIT;
          evaluate();
        }
      }
      case PRECOMMIT, ROUND -> {
        noteExpiry(t.kind());
        // A round that timed out may have lost messages: peers get this height's own messages
        // again, directly (gossip would drop them as seen), so polkas they missed become known.
        ownMessages.forEach(out::resend);
        if (!nextHeight.isEmpty()) {
          ask(nextHeight.get(0).from());
        }
        startRound(round + 1);
      }
    }
  }

  private void noteExpiry(Timeout.Kind kind) {
    expired[kind.ordinal()]++;
    Proposal p = proposals.get(round);
    Expiry.ProposalSeen seen = Expiry.ProposalSeen.NONE;
    if (p != null) {
      Boolean ok = validity.get(p.block().hash());
      seen =
          ok == null
              ? Expiry.ProposalSeen.UNCHECKED
              : ok ? Expiry.ProposalSeen.VALID : Expiry.ProposalSeen.INVALID;
    }
    long now = scheduler.millis();
    if (recentExpiries.size() == RECENT_EXPIRIES) {
      recentExpiries.removeFirst();
    }
    recentExpiries.addLast(
        new Expiry(
            height,
            round,
            kind,
            now - roundStartedAt,
            now - head.header().timestamp(),
            proposer(round),
            seen,
            votes.total(round, VoteType.PREVOTE),
            votes.total(round, VoteType.PRECOMMIT)));
    recentExpiriesView = List.copyOf(recentExpiries);
  }

  /** A peer connected (or came back): tell it where this node is. */
  public void onPeerConnected(PublicKey peer) {
    if (!started) {
      return;
    }
    if (head.height() > 0) {
      out.send(peer, ConsensusMessages.commit(app.headCertificate()));
    }
    ownMessages.forEach(m -> out.send(peer, m));
  }

  // ---------------------------------------------------------------- heights and rounds

  private void enterHeight(Block newHead) {
    head = newHead;
    height = newHead.height() + 1;
    witnesses = app.witnesses(height);
    proposals.clear();
    blocks.clear();
    validity.clear();
    producedBy.clear();
    votes = new HeightVotes();
    signersByRound.clear();
    prevoteTimers.clear();
    precommitTimers.clear();
    polkasTaken.clear();
    ownMessages.clear();
    locks = Locks.NONE;
    int startRound = 0;
    if (guard != null && guard.state().height() == height) {
      SigningState s = guard.state();
      locks = s.locks();
      startRound = s.round();
      if (s.producedBlock() != null) {
        noteBlock(s.producedBlock());
      }
      for (Block b : new Block[] {s.lockedBlock(), s.validBlock()}) {
        if (b != null) {
          noteBlock(b);
        }
      }
    }
    startRound(startRound);
    replayNextHeight();
  }

  private void replayNextHeight() {
    List<Buffered> buffered = new ArrayList<>(nextHeight);
    nextHeight.clear();
    for (Buffered b : buffered) {
      long before = height;
      dispatch(b.from(), b.message());
      if (height != before) {
        return; // committed meanwhile; the rest was re-buffered or is stale
      }
    }
  }

  private void startRound(int r) {
    round = r;
    roundStartedAt = scheduler.millis();
    step = Step.PROPOSE;
    if (guard != null) {
      SigningState s = guard.state();
      if (s.height() == height && s.round() == r && s.step() != null) {
        step = s.step(); // it signed in this round before a restart: never the same step twice
      }
    }
    schedule(config.timeouts().propose(r), Timeout.Kind.PROPOSE);
    schedule(config.timeouts().round(r), Timeout.Kind.ROUND);
    if (step == Step.PROPOSE && isMe(proposer(r))) {
      if (locks.validBlock() != null) {
        propose(locks.validRound(), locks.validBlock());
      } else {
        Optional<Block> own = guard.produced(height);
        if (own.isPresent()) {
          propose(-1, own.get());
        } else {
          schedule(produceDelay(), Timeout.Kind.PRODUCE);
        }
      }
    }
    evaluate();
  }

  /** The proposer of round r: the witness at distance r + 1 from the head's producer. */
  public PublicKey proposer(int r) {
    List<PublicKey> list = witnesses.witnesses();
    int headIndex = list.indexOf(head.header().producer());
    if (headIndex < 0) {
      headIndex = list.size() - 1;
    }
    return list.get((int) ((headIndex + 1L + r) % list.size()));
  }

  /** The first timestamp at which {@code producer}'s countdown has run out. */
  private long earliestTimestamp(PublicKey producer) {
    return head.header().timestamp() + Math.max(1, countdownWait(producer));
  }

  private long countdownWait(PublicKey producer) {
    List<PublicKey> list = witnesses.witnesses();
    int headIndex = list.indexOf(head.header().producer());
    if (headIndex < 0) {
      headIndex = list.size() - 1;
    }
    return config.countdown().waitMillis(headIndex, list.indexOf(producer), list.size(), 0);
  }

  /**
   * How long this proposer waits before producing: until its clock passes its countdown after the
   * head's timestamp, but never longer than the countdown itself, so a clock behind the head's
   * producer's does not hold up the round (the timestamp still respects the countdown).
   */
  private long produceDelay() {
    PublicKey me = guard.witness();
    long untilTurn = earliestTimestamp(me) - scheduler.millis();
    return Math.max(0, Math.min(untilTurn, countdownWait(me)));
  }

  private void produce() {
    PublicKey me = guard.witness();
    long timestamp = Math.max(scheduler.millis(), earliestTimestamp(me));
    BlockDraft draft = app.build(head, timestamp, me);
    Optional<Block> block = guard.produce(draft.header(), draft.transactions());
    block.ifPresent(
        b -> {
          noteBlock(b);
          propose(-1, b);
        });
  }

  private void propose(int validRound, Block block) {
    Optional<Proposal> signed = guard.propose(height, round, validRound, block);
    if (signed.isEmpty()) {
      return;
    }
    Proposal p = signed.get();
    Message m = ConsensusMessages.proposal(p);
    ownMessages.add(m);
    out.gossip(m);
    proposals.putIfAbsent(round, p);
    noteBlock(block);
    noteSigner(round, p.proposer());
  }

  private void vote(VoteType type, Bytes hash) {
    if (guard == null || !witnesses.contains(guard.witness())) {
      return;
    }
    Optional<Vote> signed = guard.vote(type, config.chainId(), height, round, hash, locks);
    if (signed.isEmpty()) {
      return;
    }
    Vote v = signed.get();
    Message m = ConsensusMessages.vote(v);
    ownMessages.add(m);
    out.gossip(m);
    if (votes.add(v) instanceof Counted) {
      noteSigner(round, v.witness());
    }
  }

  // ---------------------------------------------------------------- the rules

  /** Applies every rule that the inputs so far enable, until none does. */
  private void evaluate() {
    long atHeight = height;
    int atRound = round;
    Step atStep = step;
    if (tryCommit() || skipRound()) {
      return;
    }
    int q = witnesses.threshold();
    Proposal p = proposals.get(round);
    if (step == Step.PROPOSE && p != null) {
      Block b = p.block();
      if (p.validRound() < 0) {
        boolean ok = valid(b, true) && (locks.lockedRound() < 0 || isLocked(b));
        prevote(ok ? b.hash() : Vote.NIL);
      } else if (votes.count(p.validRound(), VoteType.PREVOTE, b.hash()) >= q) {
        boolean ok = valid(b, true) && (locks.lockedRound() <= p.validRound() || isLocked(b));
        prevote(ok ? b.hash() : Vote.NIL);
      }
    }
    if (step != Step.PROPOSE) {
      if (votes.total(round, VoteType.PREVOTE) >= q && prevoteTimers.add(round)) {
        schedule(config.timeouts().vote(round), Timeout.Kind.PREVOTE);
      }
      Optional<Bytes> polka = votes.quorumHash(round, VoteType.PREVOTE, q);
      if (polka.isPresent() && !polka.get().equals(Vote.NIL)) {
        Block b = blocks.get(polka.get());
        if (b != null && valid(b, false) && polkasTaken.add(round)) {
          Locks next = new Locks(locks.lockedRound(), locks.lockedBlock(), round, b);
          if (step == Step.PREVOTE) {
            next = new Locks(round, b, round, b);
            locks = next;
            vote(VoteType.PRECOMMIT, b.hash());
            step = Step.PRECOMMIT;
          } else {
            locks = next;
            if (guard != null) {
              guard.remember(height, locks);
            }
          }
        }
      } else if (polka.isPresent() && step == Step.PREVOTE) {
        vote(VoteType.PRECOMMIT, Vote.NIL);
        step = Step.PRECOMMIT;
      }
    }
    updateValidBlock(q);
    if (votes.total(round, VoteType.PRECOMMIT) >= q && precommitTimers.add(round)) {
      schedule(config.timeouts().vote(round), Timeout.Kind.PRECOMMIT);
    }
    if (height == atHeight && (round != atRound || step != atStep)) {
      evaluate();
    }
  }

  /**
   * A polka seen late, for a round after the valid round, still makes its block the valid block,
   * which this node will re-propose. Safety does not depend on the valid block (only on locks and
   * on voters seeing the polka a proposal claims); liveness does: after a partition the honest
   * proposers then all offer the block of the latest polka, which every locked witness accepts.
   */
  private void updateValidBlock(int q) {
    for (int r : votes.rounds()) {
      if (r <= locks.validRound() || r >= round) {
        continue;
      }
      Optional<Bytes> polka = votes.quorumHash(r, VoteType.PREVOTE, q);
      Block b = polka.map(blocks::get).orElse(null);
      if (b != null && valid(b, false)) {
        locks = new Locks(locks.lockedRound(), locks.lockedBlock(), r, b);
        if (guard != null) {
          guard.remember(height, locks);
        }
      }
    }
  }

  private void prevote(Bytes hash) {
    vote(VoteType.PREVOTE, hash);
    step = Step.PREVOTE;
  }

  private boolean isLocked(Block b) {
    return locks.lockedBlock() != null && locks.lockedBlock().hash().equals(b.hash());
  }

  /** A quorum of precommits for a known valid block in any round decides the height. */
  private boolean tryCommit() {
    int q = witnesses.threshold();
    for (int r : votes.rounds()) {
      Optional<Bytes> decided = votes.quorumHash(r, VoteType.PRECOMMIT, q);
      if (decided.isEmpty() || decided.get().equals(Vote.NIL)) {
        continue;
      }
      Block b = blocks.get(decided.get());
      if (b == null || !valid(b, false)) {
        continue;
      }
      List<Confirmation> confirmations = new ArrayList<>();
      votes.votes(r, VoteType.PRECOMMIT, b.hash()).stream()
          .sorted(Comparator.comparingInt(v -> witnesses.witnesses().indexOf(v.witness())))
          .forEach(v -> confirmations.add(v.confirmation()));
      commit(
          b, new FinalityCertificate(config.chainId(), height, r, b.hash(), confirmations), false);
      return true;
    }
    return false;
  }

  /** Messages from f + 1 witnesses in a later round: at least one honest witness is there. */
  private boolean skipRound() {
    int weak = Quorum.maxFaulty(witnesses.witnesses().size()) + 1;
    for (Map.Entry<Integer, Set<PublicKey>> e : signersByRound.entrySet()) {
      if (e.getKey() > round && e.getValue().size() >= weak) {
        startRound(e.getKey());
        return true;
      }
    }
    return false;
  }

  private void commit(Block block, FinalityCertificate certificate, boolean fromSync) {
    app.commit(block, certificate);
    if (fromSync) {
      certifiedCommits++;
    } else if (round > 0) {
      laterRoundCommits++;
    }
    if (!fromSync) {
      out.gossip(ConsensusMessages.commit(certificate));
    }
    if (guard != null && guard.lost() && !resumed) {
      resumeIfSafe();
    }
    enterHeight(block);
  }

  // ---------------------------------------------------------------- validity

  /**
   * Whether {@code b} is a valid next block: parent, producer's turn and timestamp (the 1 s future
   * bound only when {@code checkClock}: a block a quorum already vouched for is not refused because
   * this node's clock is behind) and the application's checks, cached per hash.
   */
  private boolean valid(Block b, boolean checkClock) {
    if (b.height() != height || !b.header().parentHash().equals(head.hash())) {
      return false;
    }
    try {
      turnRule.check(
          head.header(),
          b.header(),
          witnesses,
          checkClock ? scheduler.millis() : b.header().timestamp());
    } catch (SteleException outOfTurn) {
      return false;
    }
    return validity.computeIfAbsent(
        b.hash(),
        h -> {
          try {
            app.validate(b);
            return true;
          } catch (SteleException invalid) {
            return false;
          }
        });
  }

  // ---------------------------------------------------------------- bookkeeping

  private void noteBlock(Block b) {
    if (b.height() != height) {
      return;
    }
    blocks.putIfAbsent(b.hash(), b);
    BlockHeader header = b.header();
    Block earlier = producedBy.putIfAbsent(header.producer(), b);
    if (earlier != null && !earlier.hash().equals(b.hash())) {
      app.evidence(
          DoubleBlock.of(
              earlier.header(), earlier.producerSignature(), header, b.producerSignature()));
    }
  }

  private void noteSigner(int r, PublicKey witness) {
    signersByRound.computeIfAbsent(r, x -> new HashSet<>()).add(witness);
  }

  /**
   * A message for another height: a lagging peer gets this node's last certificate; the next
   * height's messages wait here; a peer further ahead means this node is behind.
   */
  private Verdict elsewhere(
      PublicKey from,
      long otherHeight,
      ConsensusMessages.Decoded message,
      PublicKey signer,
      BooleanSupplier verify) {
    if (otherHeight < height) {
      help(from);
      return Verdict.IGNORE;
    }
    if (guard != null && guard.lost() && !resumed && witnesses.contains(signer)) {
      if (verify.getAsBoolean()) {
        noteOwn(signer, otherHeight);
      }
    }
    if (otherHeight == height + 1) {
      if (nextHeight.size() < MAX_BUFFERED) {
        nextHeight.add(new Buffered(from, message));
      }
    } else {
      ask(from);
    }
    return Verdict.IGNORE;
  }

  private void help(PublicKey peer) {
    long now = scheduler.millis();
    Long last = helpedAt.get(peer);
    if (head.height() > 0 && (last == null || now - last >= config.timeouts().voteMs())) {
      helpedAt.put(peer, now);
      out.send(peer, ConsensusMessages.commit(app.headCertificate()));
    }
  }

  private void ask(PublicKey peer) {
    long now = scheduler.millis();
    if (askedHeight != height || now - askedAt >= config.timeouts().voteMs()) {
      askedHeight = height;
      askedAt = now;
      out.needBlock(height, peer);
    }
  }

  /**
   * While a witness that lost its signing state has not resumed: remember the height each witness
   * was seen signing at, and its own key's highest height.
   */
  private void noteOwn(PublicKey signer, long at) {
    if (guard == null || !guard.lost()) {
      return;
    }
    if (signer.equals(guard.witness())) {
      ownSeen = Math.max(ownSeen, at);
      if (resumed) {
        guard.refuseThrough(at);
      }
    } else if (!resumed) {
      seenHeights.merge(signer, at, Math::max);
    }
  }

  /**
   * Resumes signing above the height f + 1 witnesses were seen at (so at least one honest one), and
   * above anything seen signed by this witness's own key, once a quorum of witnesses was heard.
   */
  private void resumeIfSafe() {
    int count = witnesses.witnesses().size();
    if (seenHeights.size() + 1 < witnesses.threshold()) {
      return;
    }
    List<Long> heights = new ArrayList<>(seenHeights.values());
    heights.sort(Comparator.reverseOrder());
    long honest = heights.get(Math.min(Quorum.maxFaulty(count), heights.size() - 1));
    guard.resumeAbove(Math.max(Math.max(honest, ownSeen), height + 1));
    resumed = true;
  }

  /** Whether {@code key} is this node's and its guard may sign. */
  private boolean isMe(PublicKey key) {
    return guard != null && (!guard.lost() || resumed) && guard.witness().equals(key);
  }

  private void schedule(long delay, Timeout.Kind kind) {
    Timeout t = new Timeout(height, round, kind);
    scheduler.schedule(delay, () -> onTimeout(t));
  }

  /** For tests: the proposals and votes this node signed at the current height. */
  List<Message> ownMessages() {
    return List.copyOf(ownMessages);
  }

  Map<Integer, Proposal> proposals() {
    return new LinkedHashMap<>(proposals);
  }
}

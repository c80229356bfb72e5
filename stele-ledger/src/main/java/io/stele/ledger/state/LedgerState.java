package io.stele.ledger.state;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.CandidateSet;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.consensus.Election;
import io.stele.ledger.consensus.Evidence;
import io.stele.ledger.consensus.Offence;
import io.stele.ledger.consensus.Penalty;
import io.stele.ledger.consensus.TermSchedule;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.tx.Addresses;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The ledger's state machine: accounts, candidates, the witness set each term elected, bans and
 * punished offences, and the height of the last block applied. Applying a transaction checks every
 * rule except the signature (verified once, at admission) and changes nothing when it rejects;
 * {@link #applyBlock} applies a whole block or nothing. Written entries are remembered until {@link
 * #drainWrites()} so the store can persist exactly what a block changed.
 */
public final class LedgerState {
  private static final byte ACCOUNT = 'a';
  private static final byte CANDIDATE = 'c';
  private static final byte HEIGHT = 'h';
  private static final byte TERM = 'w';
  private static final byte BAN = 'b';
  private static final byte OFFENCE = 'o';
  private static final Bytes HEIGHT_KEY = Bytes.wrap(new byte[] {HEIGHT});

  private final Genesis genesis;
  private final ConsensusParameters consensus;
  private final TermSchedule schedule;
  private final Map<Address, Account> accounts = new HashMap<>();
  private final Map<PublicKey, Candidate> candidates = new HashMap<>();
  private final Map<Long, List<PublicKey>> elected = new TreeMap<>();
  private final Map<PublicKey, Long> bannedUntil = new HashMap<>();
  private final Map<Offence, Long> punished = new HashMap<>();
  private long height = -1;
  private final StateTree tree = new StateTree();
  private final Map<Bytes, byte[]> writes = new LinkedHashMap<>();

  /** While {@link #applyBlock} runs: how to take back each change, in order. */
  private List<Runnable> undo;

  private LedgerState(Genesis genesis) {
    this.genesis = genesis;
    this.consensus = genesis.parameters().consensus();
    this.schedule = new TermSchedule(consensus);
  }

  /** The state right after genesis (height 0): only the initial balances. */
  public static LedgerState genesis(Genesis genesis) {
    LedgerState state = new LedgerState(genesis);
    genesis.balances().forEach((address, amount) -> state.put(address, new Account(amount, 0, 0)));
    long deposit = genesis.witnessDeposit();
    if (deposit > 0) {
      for (PublicKey key : genesis.witnesses()) {
        Address address = Address.of(key, genesis.chainId());
        Account account = state.account(address);
        state.put(address, new Account(account.balance() - deposit, 0, deposit));
        state.put(new Candidate(key, deposit, 0));
      }
    }
    state.putHeight(0);
    return state;
  }

  /** Rebuilds the state from stored entries (key and value as {@link #drainWrites()} gave). */
  public static LedgerState restore(Genesis genesis, Iterable<Map.Entry<Bytes, byte[]>> entries) {
    LedgerState state = new LedgerState(genesis);
    for (Map.Entry<Bytes, byte[]> e : entries) {
      state.restoreEntry(e.getKey(), e.getValue());
    }
    if (state.height < 0) {
      throw new SteleException("store.corrupt", "the stored state has no height");
    }
    state.writes.clear();
    return state;
  }

  private void restoreEntry(Bytes key, byte[] value) {
    byte[] k = key.unsafeArray();
    Bytes id = key.slice(Math.min(1, k.length), k.length);
    ByteReader r = new ByteReader(value);
    switch (k.length == 0 ? 0 : k[0]) {
      case ACCOUNT -> put(Addresses.decode(id), Account.decode(value));
      case CANDIDATE -> put(Candidate.decode(new PublicKey(id), value));
      case HEIGHT -> {
        putHeight(r.u63("state.height"));
        r.end("height");
      }
      case TERM -> {
        ByteReader t = new ByteReader(id.unsafeArray());
        putElected(t.u63("state.term"), keys(r));
        t.end("term key");
      }
      case BAN -> {
        putBan(new PublicKey(id), r.u63("state.bannedUntil"));
        r.end("ban");
      }
      case OFFENCE -> {
        ByteReader o = new ByteReader(id.unsafeArray());
        PublicKey witness = new PublicKey(Bytes.wrap(o.fixed(PublicKey.LENGTH, "state.offender")));
        putOffence(new Offence(witness, o.u63("state.offence")), r.u63("state.punishedAt"));
        o.end("offence key");
        r.end("offence");
      }
      default -> throw new SteleException("store.corrupt", "unknown state key " + key.toHex());
    }
  }

  private static List<PublicKey> keys(ByteReader r) {
    int count = r.u16("state.witnessCount");
    List<PublicKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "state.witness"))));
    }
    r.end("witness set");
    return keys;
  }

  public Genesis genesis() {
    return genesis;
  }

  /** Height of the last block applied (0: the genesis). */
  public long height() {
    return height;
  }

  public Account account(Address address) {
    return accounts.getOrDefault(address, Account.EMPTY);
  }

  /** Candidates in election order ({@link Election#ranking}): heaviest first, ties by address. */
  public List<Candidate> rankedCandidates() {
    return Election.rank(candidates.values(), genesis.chainId());
  }

  /** The candidates with the bans in force and the offences punished, as consensus sees them. */
  public CandidateSet candidateSet() {
    return new CandidateSet(candidates, bannedUntil, punished.keySet());
  }

  /** The height from which {@code key} may be elected again, if a ban was ever imposed on it. */
  public Optional<Long> bannedUntil(PublicKey key) {
    return Optional.ofNullable(bannedUntil.get(key));
  }

  /** Every offence punished so far, with the height of the block that included its evidence. */
  public Map<Offence, Long> punishedOffences() {
    return Collections.unmodifiableMap(punished);
  }

  /** Which heights belong to which term. */
  public TermSchedule schedule() {
    return schedule;
  }

  /**
   * The witness set of term {@code number}, once known: term 0 has the genesis witnesses, term k
   * the set its snapshot block k*T elected (or, when no candidate was eligible, the set before).
   */
  public Optional<WitnessSet> witnessSetOfTerm(long number) {
    if (number == 0) {
      return Optional.of(new WitnessSet(0, genesis.witnesses()));
    }
    return Optional.ofNullable(elected.get(number)).map(keys -> new WitnessSet(number, keys));
  }

  /**
   * The witness set producing {@code height}. Known for every height up to the end of the term
   * after the last snapshot applied; later heights are refused with {@code state.witness_set}.
   */
  public WitnessSet witnessSet(long height) {
    if (height < 0) {
      throw new SteleException("state.witness_set", "height " + height + " is negative");
    }
    long term = schedule.termAt(height).number();
    return witnessSetOfTerm(term)
        .orElseThrow(
            () ->
                new SteleException(
                    "state.witness_set",
                    "the witness set of height "
                        + height
                        + " (term "
                        + term
                        + ") is elected by the snapshot at "
                        + schedule.term(term).snapshotHeight()
                        + ", not applied yet (the state is at "
                        + height()
                        + ")"));
  }

  public Bytes root() {
    return tree.root();
  }

  /** Entries written since the last call, for the block's write batch. */
  public Map<Bytes, byte[]> drainWrites() {
    Map<Bytes, byte[]> out = new LinkedHashMap<>(writes);
    writes.clear();
    return out;
  }

  /**
   * Checks the rules that need no state: chain, fee, size, anchor count. Same answer at admission
   * and in a block.
   */
  public void checkStatic(Transaction tx) {
    Parameters p = genesis.parameters();
    if (tx.chainId() != genesis.chainId()) {
      throw new SteleException(
          "tx.chain",
          "transaction is for chain '"
              + (char) tx.chainId()
              + "', this is '"
              + (char) genesis.chainId()
              + "'");
    }
    if (tx.size() > p.maxTransactionBytes()) {
      throw new SteleException(
          "tx.too_large",
          "transaction is " + tx.size() + " bytes, the limit is " + p.maxTransactionBytes());
    }
    long minimum = p.fee(tx.type());
    if (tx.fee() < minimum) {
      throw new SteleException(
          "tx.fee", tx.type().label() + " fee " + tx.fee() + " is below the minimum " + minimum);
    }
    switch (tx.payload()) {
      case Payload.Anchor a when a.hashes().size() > p.maxAnchorsPerTransaction() ->
          throw new SteleException(
              "tx.anchor_count",
              a.hashes().size() + " hashes, this chain allows " + p.maxAnchorsPerTransaction());
      case Payload.Transfer t when t.recipient().chainId() != genesis.chainId() ->
          throw new SteleException(
              "tx.chain", "recipient " + t.recipient() + " is on another chain");
      case Payload.RegisterCandidate c when c.deposit() < p.candidateDeposit() ->
          throw new SteleException(
              "tx.deposit",
              "candidate deposit " + c.deposit() + " is below " + p.candidateDeposit());
      default -> {}
    }
  }

  /** Checks the transaction's time against {@code now} within the chain's allowed drift. */
  public void checkTimestamp(Transaction tx, long now) {
    long drift = genesis.parameters().maxTimestampDriftMs();
    if (tx.timestamp() < now - drift || tx.timestamp() > now + drift) {
      throw new SteleException(
          "tx.timestamp",
          "timestamp " + tx.timestamp() + " is more than " + drift + " ms away from " + now);
    }
  }

  /**
   * Checks nonce, funds, candidacy and evidence as if {@code pendingCount} earlier transactions of
   * the sender spending {@code pendingCost} were already applied, for inclusion in the next block.
   */
  public void checkAccount(Transaction tx, long pendingCount, long pendingCost) {
    checkSender(tx, pendingCount, pendingCost);
    if (tx.payload() instanceof Payload.EvidenceReport report) {
      judge(report.evidence(), height() + 1);
    }
  }

  private void checkSender(Transaction tx, long pendingCount, long pendingCost) {
    Account sender = account(tx.senderAddress());
    long expected = sender.nonce() + pendingCount;
    if (tx.nonce() != expected) {
      throw new SteleException(
          tx.nonce() < expected ? "tx.replay" : "tx.nonce",
          "nonce " + tx.nonce() + " but the account's next nonce is " + expected);
    }
    long cost;
    try {
      cost = tx.cost();
    } catch (ArithmeticException e) {
      throw new SteleException("tx.funds", "fee plus amount overflows");
    }
    long available = sender.balance() - pendingCost;
    if (cost > available) {
      throw new SteleException(
          "tx.funds", "needs " + cost + " (fee and amount) but " + available + " is available");
    }
    switch (tx.payload()) {
      case Payload.RegisterCandidate c when hasDeposit(tx.sender()) ->
          throw new SteleException(
              "tx.candidate_exists", tx.sender() + " is already a witness candidate");
      case Payload.Vote v when !candidates.containsKey(v.candidate()) ->
          throw new SteleException(
              "tx.candidate_unknown", v.candidate() + " is not a witness candidate");
      default -> {}
    }
  }

  /** A candidate whose deposit was forfeited may register again; any other may not. */
  private boolean hasDeposit(PublicKey key) {
    Candidate c = candidates.get(key);
    return c != null && c.deposit() > 0;
  }

  /**
   * What evidence included at {@code includedAt} does, without doing it: refuses evidence from
   * after that height or older than one term plus the interim ({@code evidence.expired}), then
   * verifies it against the witness set of its height and refuses a punished offence ({@link
   * Penalty}).
   */
  private Penalty.Outcome judge(Evidence evidence, long includedAt) {
    if (evidence.height() > includedAt) {
      throw new SteleException(
          "evidence.height",
          "evidence for height " + evidence.height() + " cannot be included at " + includedAt);
    }
    long age = includedAt - evidence.height();
    if (age > consensus.termBlocks() && age - consensus.termBlocks() > consensus.interimBlocks()) {
      throw new SteleException(
          "evidence.expired",
          "evidence for height "
              + evidence.height()
              + " is "
              + age
              + " blocks old at "
              + includedAt
              + "; at most termBlocks "
              + consensus.termBlocks()
              + " + interimBlocks "
              + consensus.interimBlocks()
              + " are accepted");
    }
    WitnessSet witnesses = witnessSet(evidence.height());
    return new Penalty(consensus.banBlocks())
        .apply(candidateSet(), evidence, genesis.chainId(), witnesses, includedAt);
  }

  /**
   * Applies a transaction whose signature was verified at admission, as part of the block after
   * {@link #height()}: checks every other rule, then moves the funds. The fee goes to {@code
   * producer}, and so does a deposit forfeited by the evidence the transaction reports.
   */
  public void apply(Transaction tx, Address producer, long blockTimestamp) {
    checkStatic(tx);
    checkTimestamp(tx, blockTimestamp);
    checkSender(tx, 0, 0);
    Penalty.Outcome outcome =
        tx.payload() instanceof Payload.EvidenceReport report
            ? judge(report.evidence(), height() + 1)
            : null;
    Address from = tx.senderAddress();
    Account sender = account(from);
    long locked =
        tx.payload() instanceof Payload.RegisterCandidate || tx.payload() instanceof Payload.Vote
            ? tx.payload().amount()
            : 0;
    put(
        from,
        new Account(
            sender.balance() - tx.cost(),
            sender.nonce() + 1,
            Math.addExact(sender.staked(), locked)));
    switch (tx.payload()) {
      case Payload.Transfer t -> credit(t.recipient(), t.amount());
      case Payload.RegisterCandidate c -> {
        Candidate before = candidates.get(tx.sender());
        put(new Candidate(tx.sender(), c.deposit(), before == null ? 0 : before.votes()));
      }
      case Payload.Vote v -> {
        Candidate c = candidates.get(v.candidate());
        put(new Candidate(c.key(), c.deposit(), Math.addExact(c.votes(), v.amount())));
      }
      case Payload.EvidenceReport e -> punish(e.evidence(), outcome, producer);
      case Payload.Anchor a -> {}
    }
    if (tx.fee() > 0) {
      credit(producer, tx.fee());
    }
  }

  /** Bans the offender, records the offence, and moves its forfeited deposit to the producer. */
  private void punish(Evidence evidence, Penalty.Outcome outcome, Address producer) {
    PublicKey offender = outcome.offender();
    Candidate after = outcome.candidates().candidates().get(offender);
    if (after != null) {
      put(after);
    }
    putBan(offender, outcome.bannedUntil());
    putOffence(evidence.offence(), height() + 1);
    if (outcome.forfeited() > 0) {
      Address from = Address.of(offender, genesis.chainId());
      Account a = account(from);
      long staked = a.staked() - outcome.forfeited();
      if (staked < 0) {
        throw new IllegalStateException(from + " staked less than its candidate deposit");
      }
      put(from, new Account(a.balance(), a.nonce(), staked));
      credit(producer, outcome.forfeited());
    }
  }

  /**
   * Ends the block after {@link #height()}, whose transactions were applied: the state moves to
   * that height, and at a snapshot height the candidates elect the next term's witness set (an
   * election without eligible candidate keeps the set before). Returns the header's {@code
   * nextWitnessSetHash}: the elected set's hash at a snapshot, zero bytes otherwise.
   */
  public Bytes endBlock() {
    long h = Math.addExact(height(), 1);
    putHeight(h);
    if (!schedule.isSnapshot(h)) {
      return BlockHeader.NO_NEXT_WITNESS_SET;
    }
    long term = h / consensus.termBlocks();
    List<PublicKey> keys =
        Election.elect(candidateSet(), consensus.witnessCount(), genesis.chainId(), h);
    if (keys.isEmpty()) {
      keys = witnessSetOfTerm(term - 1).orElseThrow().witnesses();
    }
    putElected(term, keys);
    return new WitnessSet(term, keys).hash();
  }

  /**
   * Applies a block made by any producer, all or nothing: its body must match its header, its
   * witness set hash must be that of its height's term, its transactions must apply (their
   * signatures are the caller's to verify), and the next witness set hash and state root it commits
   * must be what applying it gives. Codes: {@code block.chain}, {@code block.height}, {@code
   * block.witness_set}, {@code block.next_witness_set}, {@code block.state_root}, the body's and
   * the transactions' codes.
   */
  public void applyBlock(Block block) {
    applyLogged(block);
  }

  /**
   * What applying {@code block} (checked as {@link #applyBlock} checks it) would write, leaving
   * this state as it was: a witness validates a proposal once and, when that block becomes final,
   * commits the result with {@link #applyWrites} instead of executing it again.
   */
  public Map<Bytes, byte[]> trial(Block block) {
    return speculate(() -> applyLogged(block));
  }

  /**
   * What a producer's block would write: applies each of {@code candidates} that applies (in order;
   * {@code skipped} hears of the others), ends the block, and takes it all back.
   */
  public Draft draft(
      List<Transaction> candidates,
      Address producer,
      long timestamp,
      BiConsumer<Transaction, SteleException> skipped) {
    List<Transaction> included = new ArrayList<>();
    Bytes[] ends = new Bytes[2];
    Map<Bytes, byte[]> written =
        speculate(
            () -> {
              List<Runnable> changes = new ArrayList<>();
              undo = changes;
              try {
                for (Transaction tx : candidates) {
                  try {
                    apply(tx, producer, timestamp);
                    included.add(tx);
                  } catch (SteleException reason) {
                    skipped.accept(tx, reason);
                  }
                }
                ends[0] = endBlock();
                ends[1] = root();
              } finally {
                undo = null;
              }
              return changes;
            });
    return new Draft(included, ends[1], ends[0], written);
  }

  /** A producer's block as {@link #draft} found it. */
  public record Draft(
      List<Transaction> included,
      Bytes stateRoot,
      Bytes nextWitnessSetHash,
      Map<Bytes, byte[]> writes) {}

  /** Applies entries a {@link #trial} or {@link #draft} of the next block returned. */
  public void applyWrites(Map<Bytes, byte[]> entries) {
    entries.forEach(this::restoreEntry);
  }

  /** Runs {@code logged}, keeps what it wrote, then takes back its changes. */
  private Map<Bytes, byte[]> speculate(Supplier<List<Runnable>> logged) {
    Map<Bytes, byte[]> pending = new LinkedHashMap<>(writes);
    writes.clear();
    try {
      List<Runnable> changes = logged.get();
      Map<Bytes, byte[]> result = new LinkedHashMap<>(writes);
      for (int i = changes.size() - 1; i >= 0; i--) {
        changes.get(i).run();
      }
      return result;
    } finally {
      writes.clear();
      writes.putAll(pending);
    }
  }

  /** Applies {@code block} all or nothing and returns how to take its changes back. */
  private List<Runnable> applyLogged(Block block) {
    List<Runnable> changes = new ArrayList<>();
    undo = changes;
    try {
      BlockHeader h = block.header();
      if (h.chainId() != genesis.chainId()) {
        throw new SteleException("block.chain", "block for chain " + (char) h.chainId());
      }
      if (h.height() != height() + 1) {
        throw new SteleException(
            "block.height", "block " + h.height() + " does not follow height " + height());
      }
      block.checkBody();
      if (!h.witnessSetHash().equals(witnessSet(h.height()).hash())) {
        throw new SteleException(
            "block.witness_set",
            "block " + h.height() + " names another witness set than its term's");
      }
      Address producer = Addresses.of(h.producer(), genesis.chainId());
      for (Transaction tx : block.transactions()) {
        apply(tx, producer, h.timestamp());
      }
      Bytes next = endBlock();
      if (!next.equals(h.nextWitnessSetHash())) {
        throw new SteleException(
            "block.next_witness_set",
            "block " + h.height() + " commits another next witness set than its state elects");
      }
      if (!root().equals(h.stateRoot())) {
        throw new SteleException(
            "block.state_root", "block " + h.height() + " commits another state root");
      }
      undo = null;
      return changes;
    } catch (RuntimeException e) {
      undo = null;
      for (int i = changes.size() - 1; i >= 0; i--) {
        changes.get(i).run();
      }
      throw e;
    }
  }

  // Sums cannot overflow: every balance, stake and vote total is part of the supply, which the
  // genesis checks fits in a long. addExact turns a broken invariant into a failure, not a wrap.
  private void credit(Address address, long amount) {
    Account a = account(address);
    put(address, new Account(Math.addExact(a.balance(), amount), a.nonce(), a.staked()));
  }

  private void put(Address address, Account account) {
    change(accounts, address, account);
    write(key(ACCOUNT, address.bytes()), account.encode());
  }

  private void put(Candidate candidate) {
    change(candidates, candidate.key(), candidate);
    write(key(CANDIDATE, candidate.key().bytes()), candidate.encode());
  }

  private void putHeight(long h) {
    if (undo != null) {
      long before = height;
      undo.add(() -> height = before);
    }
    height = h;
    write(HEIGHT_KEY, new ByteWriter(8).i64(h).toByteArray());
  }

  private void putElected(long term, List<PublicKey> keys) {
    change(elected, term, List.copyOf(keys));
    ByteWriter value = new ByteWriter(2 + PublicKey.LENGTH * keys.size()).u16(keys.size());
    keys.forEach(k -> value.fixed(k.bytes().unsafeArray()));
    write(key(TERM, Bytes.wrap(new ByteWriter(8).i64(term).toByteArray())), value.toByteArray());
  }

  private void putBan(PublicKey key, long until) {
    change(bannedUntil, key, until);
    write(key(BAN, key.bytes()), new ByteWriter(8).i64(until).toByteArray());
  }

  private void putOffence(Offence offence, long includedAt) {
    change(punished, offence, includedAt);
    byte[] id =
        new ByteWriter(PublicKey.LENGTH + 8)
            .fixed(offence.witness().bytes().unsafeArray())
            .i64(offence.height())
            .toByteArray();
    write(key(OFFENCE, Bytes.wrap(id)), new ByteWriter(8).i64(includedAt).toByteArray());
  }

  private <K, V> void change(Map<K, V> map, K key, V value) {
    if (undo != null) {
      V before = map.get(key);
      undo.add(
          () -> {
            if (before == null) {
              map.remove(key);
            } else {
              map.put(key, before);
            }
          });
    }
    map.put(key, value);
  }

  private void write(Bytes key, byte[] value) {
    if (undo != null) {
      byte[] stored = tree.get(key);
      byte[] before = stored == null ? null : stored.clone();
      boolean pending = writes.containsKey(key);
      byte[] pendingValue = writes.get(key);
      undo.add(
          () -> {
            if (before == null) {
              tree.remove(key);
            } else {
              tree.put(key, before);
            }
            if (pending) {
              writes.put(key, pendingValue);
            } else {
              writes.remove(key);
            }
          });
    }
    tree.put(key, value);
    writes.put(key, value);
  }

  private static Bytes key(byte prefix, Bytes id) {
    byte[] k = new byte[1 + id.length()];
    k[0] = prefix;
    System.arraycopy(id.unsafeArray(), 0, k, 1, id.length());
    return Bytes.wrap(k);
  }
}

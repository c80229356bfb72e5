package io.stele.ledger.state;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's state machine: accounts and candidates, and the transition that applies one
 * transaction. Applying checks every rule except the signature (verified once, at admission) and
 * changes nothing when it rejects. Written entries are remembered until {@link #drainWrites()} so
 * the store can persist exactly what a block changed.
 */
public final class LedgerState {
  private static final byte ACCOUNT = 'a';
  private static final byte CANDIDATE = 'c';

  private final Genesis genesis;
  private final Map<Address, Account> accounts = new HashMap<>();
  private final Map<PublicKey, Candidate> candidates = new HashMap<>();
  private final StateTree tree = new StateTree();
  private final Map<Bytes, byte[]> writes = new LinkedHashMap<>();

  private LedgerState(Genesis genesis) {
    this.genesis = genesis;
  }

  /** The state right after genesis: only the initial balances. */
  public static LedgerState genesis(Genesis genesis) {
    LedgerState state = new LedgerState(genesis);
    genesis.balances().forEach((address, amount) -> state.put(address, new Account(amount, 0, 0)));
    return state;
  }

  /** Rebuilds the state from stored entries (key and value as {@link #drainWrites()} gave). */
  public static LedgerState restore(Genesis genesis, Iterable<Map.Entry<Bytes, byte[]>> entries) {
    LedgerState state = new LedgerState(genesis);
    for (Map.Entry<Bytes, byte[]> e : entries) {
      byte[] key = e.getKey().unsafeArray();
      if (key.length > 0 && key[0] == ACCOUNT) {
        Address address = new Address(e.getKey().slice(1, key.length));
        state.put(address, Account.decode(e.getValue()));
      } else if (key.length > 0 && key[0] == CANDIDATE) {
        PublicKey candidate = new PublicKey(e.getKey().slice(1, key.length));
        state.put(Candidate.decode(candidate, e.getValue()));
      } else {
        throw new SteleException("store.corrupt", "unknown state key " + e.getKey().toHex());
      }
    }
    state.writes.clear();
    return state;
  }

  public Genesis genesis() {
    return genesis;
  }

  public Account account(Address address) {
    return accounts.getOrDefault(address, Account.EMPTY);
  }

  /** Candidates by weight (deposit plus votes), heaviest first; ties by key. */
  public List<Candidate> rankedCandidates() {
    List<Candidate> ranked = new ArrayList<>(candidates.values());
    ranked.sort(
        Comparator.comparingLong(Candidate::weight).reversed().thenComparing(Candidate::key));
    return ranked;
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
   * Checks nonce, funds and candidacy as if {@code pendingCount} earlier transactions of the sender
   * spending {@code pendingCost} were already applied.
   */
  public void checkAccount(Transaction tx, long pendingCount, long pendingCost) {
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
      case Payload.RegisterCandidate c when candidates.containsKey(tx.sender()) ->
          throw new SteleException(
              "tx.candidate_exists", tx.sender() + " is already a witness candidate");
      case Payload.Vote v when !candidates.containsKey(v.candidate()) ->
          throw new SteleException(
              "tx.candidate_unknown", v.candidate() + " is not a witness candidate");
      default -> {}
    }
  }

  /**
   * Applies a transaction whose signature was verified at admission: checks every other rule, then
   * moves the funds. The fee goes to {@code producer}.
   */
  public void apply(Transaction tx, Address producer, long blockTimestamp) {
    checkStatic(tx);
    checkTimestamp(tx, blockTimestamp);
    checkAccount(tx, 0, 0);
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
      case Payload.RegisterCandidate c -> put(new Candidate(tx.sender(), c.deposit(), 0));
      case Payload.Vote v -> {
        Candidate c = candidates.get(v.candidate());
        put(new Candidate(c.key(), c.deposit(), Math.addExact(c.votes(), v.amount())));
      }
      case Payload.Anchor a -> {}
    }
    if (tx.fee() > 0) {
      credit(producer, tx.fee());
    }
  }

  // Sums cannot overflow: every balance, stake and vote total is part of the supply, which the
  // genesis checks fits in a long. addExact turns a broken invariant into a failure, not a wrap.
  private void credit(Address address, long amount) {
    Account a = account(address);
    put(address, new Account(Math.addExact(a.balance(), amount), a.nonce(), a.staked()));
  }

  private void put(Address address, Account account) {
    accounts.put(address, account);
    write(key(ACCOUNT, address.bytes()), account.encode());
  }

  private void put(Candidate candidate) {
    candidates.put(candidate.key(), candidate);
    write(key(CANDIDATE, candidate.key().bytes()), candidate.encode());
  }

  private void write(Bytes key, byte[] value) {
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

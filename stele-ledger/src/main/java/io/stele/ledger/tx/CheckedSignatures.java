package io.stele.ledger.tx;

import io.stele.core.bytes.Bytes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The transactions whose signatures a node has found valid, the most recent {@code capacity} of
 * them, so that one met again with the very same bytes is not verified twice: relayed and then
 * proposed, or proposed (checked with the block) and then relayed late, which is common when the
 * relayed admissions fall behind under load. An Ed25519 check is most of a node's work per
 * transfer.
 *
 * <p>A hit needs the same id <em>and</em> the same encoded bytes: the id covers the signed bytes
 * only, so a copy with another signature is checked on its own. Invalid signatures are never
 * remembered. Thread-safe: admissions verify on several threads, and a block's transactions in
 * parallel. A check of the same bytes already under way on another thread (a relayed copy being
 * admitted while its proposal is validated) is waited for, not repeated.
 */
public final class CheckedSignatures {
  private final Predicate<Transaction> verifier;
  private final Map<Bytes, Bytes> valid; // guards itself and checking
  private final Map<Bytes, Check> checking = new HashMap<>();

  /** A verification under way: of these bytes, its result once known. */
  private record Check(Bytes encoded, CompletableFuture<Boolean> result) {}

  public CheckedSignatures(int capacity) {
    this(capacity, Transaction::hasValidSignature);
  }

  CheckedSignatures(int capacity, Predicate<Transaction> verifier) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.verifier = verifier;
    this.valid =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Bytes, Bytes> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Whether the transaction's signature is valid, verifying it unless these bytes passed before.
   */
  public boolean isValid(Transaction tx) {
    Check mine = null;
    Check theirs;
    synchronized (valid) {
      if (tx.encoded().equals(valid.get(tx.id()))) {
        return true;
      }
      theirs = checking.get(tx.id());
      if (theirs == null) {
        mine = new Check(tx.encoded(), new CompletableFuture<>());
        checking.put(tx.id(), mine);
      }
    }
    if (mine == null) {
      // the same bytes: their answer is ours; another signature is checked on its own
      return theirs.encoded().equals(tx.encoded()) ? theirs.result().join() : verifier.test(tx);
    }
    boolean ok = false;
    try {
      ok = verifier.test(tx);
      return ok;
    } finally {
      synchronized (valid) {
        checking.remove(tx.id());
        if (ok) {
          valid.put(tx.id(), tx.encoded());
        }
      }
      mine.result().complete(ok);
    }
  }

  /** The first transaction (in list order) whose signature is not valid, checked on all cores. */
  public Optional<Transaction> firstInvalid(List<Transaction> transactions) {
    if (transactions.parallelStream().allMatch(this::isValid)) {
      return Optional.empty();
    }
    return transactions.stream().filter(tx -> !isValid(tx)).findFirst();
  }
}

package io.stele.ledger.tx;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.consensus.Evidence;
import java.util.List;

/** What a transaction does, one record per {@link TransactionType}. */
public sealed interface Payload {
  TransactionType type();

  /** Minor units the sender gives up beyond the fee (moved, deposited or staked). */
  long amount();

  /** Moves {@code amount} to {@code recipient}. */
  record Transfer(Address recipient, long amount) implements Payload {
    @Override
    public TransactionType type() {
      return TransactionType.TRANSFER;
    }
  }

  /** Records 1 to 100 hashes (1..64 bytes each, no duplicates), as LTO's anchor transaction. */
  record Anchor(List<Bytes> hashes) implements Payload {
    public Anchor {
      hashes = List.copyOf(hashes);
    }

    @Override
    public TransactionType type() {
      return TransactionType.ANCHOR;
    }

    @Override
    public long amount() {
      return 0;
    }
  }

  /** Makes the sender a witness candidate, locking {@code deposit}. */
  record RegisterCandidate(long deposit) implements Payload {
    @Override
    public TransactionType type() {
      return TransactionType.REGISTER_CANDIDATE;
    }

    @Override
    public long amount() {
      return deposit;
    }
  }

  /** Stakes {@code amount} of the sender's balance as votes for {@code candidate}. */
  record Vote(PublicKey candidate, long amount) implements Payload {
    @Override
    public TransactionType type() {
      return TransactionType.VOTE;
    }
  }

  /**
   * Reports a witness's equivocation. Applying it bans the offender and hands its forfeited deposit
   * to the block's producer; the reporter pays only the fee.
   */
  record EvidenceReport(Evidence evidence) implements Payload {
    @Override
    public TransactionType type() {
      return TransactionType.EVIDENCE;
    }

    @Override
    public long amount() {
      return 0;
    }
  }
}

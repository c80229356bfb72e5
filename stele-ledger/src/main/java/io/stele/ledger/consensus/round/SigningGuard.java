package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.consensus.round.SigningState.Locks;
import io.stele.ledger.tx.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * The only holder of a witness's key in the engine. It signs a proposal, prevote or precommit only
 * at a (height, round, step) after the last one it signed, or again at that very position for the
 * same hash, and produces at most one block per height; the new {@link SigningState} is saved
 * (synchronously) before the signature is returned. So a witness cannot double-sign, also across
 * crashes, as long as its {@link SignerStore} survives.
 *
 * <p>A store that lost its state leaves the guard <em>silent</em>: it signs nothing until the
 * engine, having seen the chain, calls {@link #resumeAbove} with a height at or above anything the
 * witness may have signed before (docs/consensus.md, "Restart without data").
 */
public final class SigningGuard {
  private final KeyPair key;
  private final SignerStore store;
  private final boolean lost;
  private SigningState state;
  private long floor;

  public SigningGuard(KeyPair key, SignerStore store) {
    this.key = key;
    this.store = store;
    Optional<SigningState> saved = store.load();
    this.lost = saved.isEmpty();
    this.state = saved.orElse(SigningState.INITIAL);
    this.floor = lost ? Long.MAX_VALUE : -1;
  }

  public PublicKey witness() {
    return key.publicKey();
  }

  public SigningState state() {
    return state;
  }

  /** True when the store had no state at start: the guard is silent until {@link #resumeAbove}. */
  public boolean lost() {
    return lost;
  }

  /** True while heights up to {@link #floor()} or all heights are refused. */
  public long floor() {
    return floor;
  }

  /** Allows signing at heights above {@code height} (and only those). */
  public void resumeAbove(long height) {
    floor = height;
  }

  /** Refuses heights up to {@code height} from now on, whatever was allowed before. */
  public void refuseThrough(long height) {
    floor = Math.max(floor, height);
  }

  /**
   * Signs {@code header} as its producer, unless this witness already produced a block at that
   * height: then that block is returned instead, so it never signs two headers at one height.
   */
  public Optional<Block> produce(BlockHeader header, List<Transaction> transactions) {
    long height = header.height();
    if (height <= floor) {
      return Optional.empty();
    }
    if (state.height() == height && state.producedBlock() != null) {
      return Optional.of(state.producedBlock());
    }
    if (state.height() > height) {
      return Optional.empty();
    }
    Block block = Block.seal(header, key, transactions);
    SigningState next =
        state.height() == height
            ? withProduced(state, block)
            : new SigningState(height, 0, null, Vote.NIL, -1, null, -1, null, block);
    save(next);
    return Optional.of(block);
  }

  /** The block this witness produced at {@code height}, if any. */
  public Optional<Block> produced(long height) {
    return state.height() == height ? Optional.ofNullable(state.producedBlock()) : Optional.empty();
  }

  public Optional<Proposal> propose(long height, int round, int validRound, Block block) {
    if (!allowed(height, round, Step.PROPOSE, block.hash())) {
      return Optional.empty();
    }
    save(at(height, round, Step.PROPOSE, block.hash(), locksAt(height)));
    return Optional.of(Proposal.sign(key, round, validRound, block));
  }

  /**
   * Signs a vote and records {@code locks} with it in the same durable write, so a precommit never
   * leaves before the lock it implies is stored.
   */
  public Optional<Vote> vote(
      VoteType type, byte chainId, long height, int round, Bytes hash, Locks locks) {
    Step step = type == VoteType.PREVOTE ? Step.PREVOTE : Step.PRECOMMIT;
    if (!allowed(height, round, step, hash)) {
      return Optional.empty();
    }
    save(at(height, round, step, hash, locks));
    return Optional.of(Vote.sign(key, type, chainId, height, round, hash));
  }

  /** Records new locks at the current height without signing anything. */
  public void remember(long height, Locks locks) {
    if (state.height() == height && !locks.equals(state.locks())) {
      save(at(height, state.round(), state.step(), state.signedHash(), locks));
    }
  }

  private boolean allowed(long height, int round, Step step, Bytes hash) {
    if (height <= floor) {
      return false;
    }
    int order = state.compareTo(height, round, step);
    return order < 0 || (order == 0 && state.signedHash().equals(hash));
  }

  private Locks locksAt(long height) {
    return state.height() == height ? state.locks() : Locks.NONE;
  }

  private SigningState at(long height, int round, Step step, Bytes hash, Locks locks) {
    Block produced = state.height() == height ? state.producedBlock() : null;
    return new SigningState(
        height,
        round,
        step,
        hash,
        locks.lockedRound(),
        locks.lockedBlock(),
        locks.validRound(),
        locks.validBlock(),
        produced);
  }

  private static SigningState withProduced(SigningState s, Block block) {
    return new SigningState(
        s.height(),
        s.round(),
        s.step(),
        s.signedHash(),
        s.lockedRound(),
        s.lockedBlock(),
        s.validRound(),
        s.validBlock(),
        block);
  }

  private void save(SigningState next) {
    store.save(next);
    state = next;
  }
}

package io.stele.ledger.consensus.round;

import static io.stele.ledger.consensus.round.RoundFixtures.CHAIN;
import static io.stele.ledger.consensus.round.RoundFixtures.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.consensus.round.SigningState.Locks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningGuardTest {
  private final KeyPair key = KeyPair.generate(new SeededRng(5));
  private final Block a = block(key, 3, 1);
  private final Block b = block(key, 3, 2);

  /** Records every state saved, and what had been signed when it was saved. */
  private static final class RecordingStore implements SignerStore {
    final List<SigningState> saved = new ArrayList<>();
    SigningState state = SigningState.INITIAL;

    @Override
    public Optional<SigningState> load() {
      return Optional.ofNullable(state);
    }

    @Override
    public void save(SigningState next) {
      saved.add(next);
      state = next;
    }
  }

  @Test
  void aSecondVoteForAnotherHashInTheSameRoundAndStepIsRefused() {
    SigningGuard guard = new SigningGuard(key, new RecordingStore());
    Optional<Vote> first = guard.vote(VoteType.PREVOTE, CHAIN, 3, 0, a.hash(), Locks.NONE);
    assertThat(first).isPresent();
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 3, 0, b.hash(), Locks.NONE)).isEmpty();
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 3, 0, Vote.NIL, Locks.NONE)).isEmpty();
    // the same vote again is the same signature (a retransmission, not a second vote)
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 3, 0, a.hash(), Locks.NONE)).isEqualTo(first);
  }

  @Test
  void signingMovesOnlyForwardThroughHeightRoundAndStep() {
    SigningGuard guard = new SigningGuard(key, new RecordingStore());
    assertThat(guard.vote(VoteType.PRECOMMIT, CHAIN, 3, 1, a.hash(), Locks.NONE)).isPresent();
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 3, 1, a.hash(), Locks.NONE)).isEmpty();
    assertThat(guard.vote(VoteType.PRECOMMIT, CHAIN, 3, 0, a.hash(), Locks.NONE)).isEmpty();
    assertThat(guard.propose(3, 1, -1, a)).isEmpty();
    assertThat(guard.vote(VoteType.PRECOMMIT, CHAIN, 2, 5, a.hash(), Locks.NONE)).isEmpty();
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 3, 2, b.hash(), Locks.NONE)).isPresent();
  }

  @Test
  void theStateIsSavedBeforeTheSignatureIsReturnedAndCarriesTheLock() {
    RecordingStore store = new RecordingStore();
    SigningGuard guard = new SigningGuard(key, store);
    Locks locked = new Locks(0, a, 0, a);
    Vote v = guard.vote(VoteType.PRECOMMIT, CHAIN, 3, 0, a.hash(), locked).orElseThrow();
    SigningState saved = store.saved.get(store.saved.size() - 1);
    assertThat(saved.height()).isEqualTo(3);
    assertThat(saved.round()).isZero();
    assertThat(saved.step()).isEqualTo(Step.PRECOMMIT);
    assertThat(saved.signedHash()).isEqualTo(v.hash());
    assertThat(saved.lockedBlock()).isEqualTo(a);
    assertThat(v.verify()).isTrue();
  }

  @Test
  void aRestartedGuardRemembersWhatItSigned() {
    RecordingStore store = new RecordingStore();
    new SigningGuard(key, store).vote(VoteType.PREVOTE, CHAIN, 3, 0, a.hash(), Locks.NONE);
    SigningGuard restarted = new SigningGuard(key, store);
    assertThat(restarted.lost()).isFalse();
    assertThat(restarted.vote(VoteType.PREVOTE, CHAIN, 3, 0, b.hash(), Locks.NONE)).isEmpty();
  }

  @Test
  void aProducerSignsOneBlockPerHeightAndReproposesIt() {
    SigningGuard guard = new SigningGuard(key, new RecordingStore());
    Block first = guard.produce(a.header(), a.transactions()).orElseThrow();
    Block second = guard.produce(b.header(), b.transactions()).orElseThrow();
    assertThat(second).isEqualTo(first);
    assertThat(guard.produced(3)).contains(first);
    assertThat(guard.propose(3, 0, -1, first)).isPresent();
    assertThat(guard.propose(3, 0, -1, b)).isEmpty();
    assertThat(guard.propose(3, 1, -1, first)).isPresent();
  }

  @Test
  void aGuardThatLostItsStateIsSilentUntilResumedAboveAHeight() {
    SigningGuard guard = new SigningGuard(key, SignerStore.InMemory.lost());
    assertThat(guard.lost()).isTrue();
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 3, 0, a.hash(), Locks.NONE)).isEmpty();
    assertThat(guard.produce(a.header(), List.of())).isEmpty();
    guard.resumeAbove(3);
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 3, 0, a.hash(), Locks.NONE)).isEmpty();
    assertThat(guard.vote(VoteType.PREVOTE, CHAIN, 4, 0, a.hash(), Locks.NONE)).isPresent();
    guard.refuseThrough(9);
    assertThat(guard.vote(VoteType.PRECOMMIT, CHAIN, 9, 0, Vote.NIL, Locks.NONE)).isEmpty();
  }

  @Test
  void signingStatesRoundTripThroughTheirEncoding() {
    SigningState s = new SigningState(7, 2, Step.PREVOTE, Bytes.wrap(new byte[32]), 1, a, 2, b, a);
    assertThat(SigningState.decode(s.encode())).isEqualTo(s);
    assertThat(SigningState.decode(SigningState.INITIAL.encode())).isEqualTo(SigningState.INITIAL);
  }
}

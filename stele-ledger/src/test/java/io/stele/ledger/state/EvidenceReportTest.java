package io.stele.ledger.state;

import static io.stele.ledger.state.ElectionChain.doubleBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.ledger.consensus.Evidence;
import io.stele.ledger.consensus.Offence;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Evidence reported in a transaction: bans, forfeits, refusals, and conservation of supply. */
class EvidenceReportTest {
  private final ElectionChain chain = new ElectionChain();
  private final long now = ElectionChain.NOW;
  private final KeyPair witness = chain.witness();
  private final Address producer = chain.address(chain.user(6));
  private final long fee = chain.genesis.parameters().fee(TransactionType.EVIDENCE);
  private final long[] nonces = new long[8];
  private long witnessNonce;

  private Transaction report(Evidence evidence) {
    return chain.builder(chain.user(7)).reportEvidence(evidence, nonces[7], now);
  }

  private void apply(LedgerState state, Transaction tx) {
    state.apply(tx, producer, now);
    if (tx.sender().equals(witness.publicKey())) {
      witnessNonce++;
    } else {
      for (int i = 0; i < 8; i++) {
        if (tx.sender().equals(chain.user(i).publicKey())) {
          nonces[i]++;
        }
      }
    }
  }

  private Transaction registerWitness() {
    return chain.builder(witness).registerCandidate(chain.deposit, witnessNonce, now);
  }

  private Transaction register(int user) {
    return chain.builder(chain.user(user)).registerCandidate(chain.deposit, nonces[user], now);
  }

  private Transaction voteForWitness(int user, long amount) {
    return chain.builder(chain.user(user)).vote(witness.publicKey(), amount, nonces[user], now);
  }

  private static void refuses(String code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  /**
   * Applying {@code tx} fails with {@code code} and leaves root and pending writes as they were.
   */
  private void refusedWithoutChange(LedgerState state, Transaction tx, String code) {
    state.drainWrites();
    Bytes root = state.root();
    refuses(code, () -> state.checkAccount(tx, 0, 0));
    refuses(code, () -> state.apply(tx, producer, now));
    assertThat(state.root()).isEqualTo(root);
    assertThat(state.drainWrites()).isEmpty();
  }

  @Test
  void reportedEquivocationBansTheOffenderAndGivesItsDepositToTheProducer() {
    LedgerState state = chain.state();
    apply(state, registerWitness());
    apply(state, voteForWitness(5, 300));
    state.endBlock();
    Account offenderBefore = state.account(chain.address(witness));
    long producerBefore = state.account(producer).balance();
    long supply = chain.supply(state);

    apply(state, report(doubleBlock(witness, 1, 0)));
    state.endBlock();

    assertThat(state.rankedCandidates())
        .containsExactly(new Candidate(witness.publicKey(), 0, 300));
    assertThat(state.account(chain.address(witness)))
        .isEqualTo(
            new Account(
                offenderBefore.balance(),
                offenderBefore.nonce(),
                offenderBefore.staked() - chain.deposit));
    assertThat(state.account(producer).balance()).isEqualTo(producerBefore + chain.deposit + fee);
    assertThat(state.bannedUntil(witness.publicKey())).contains(2L + 6);
    assertThat(state.punishedOffences()).isEqualTo(Map.of(new Offence(witness.publicKey(), 1), 2L));
    assertThat(chain.supply(state)).isEqualTo(supply).isEqualTo(chain.genesisSupply());
  }

  @Test
  void aRestoredStateKeepsBansAndOffencesAndStillRefusesTheDuplicate() {
    LedgerState state = chain.state();
    List<Map.Entry<Bytes, byte[]>> entries = new ArrayList<>(state.drainWrites().entrySet());
    apply(state, registerWitness());
    state.endBlock();
    apply(state, report(doubleBlock(witness, 1, 0)));
    state.endBlock();
    entries.addAll(state.drainWrites().entrySet());
    LedgerState restored = LedgerState.restore(chain.genesis, entries);
    assertThat(restored.root()).isEqualTo(state.root());
    assertThat(restored.height()).isEqualTo(2);
    assertThat(restored.bannedUntil(witness.publicKey())).contains(2L + 6);
    assertThat(restored.punishedOffences()).isEqualTo(state.punishedOffences());
    refusedWithoutChange(restored, report(doubleBlock(witness, 1, 1)), "evidence.duplicate");
  }

  @Test
  void anOffenceIsPunishedOnceWhateverEvidenceShowsIt() {
    LedgerState state = chain.state();
    apply(state, report(doubleBlock(witness, 1, 0)));
    refusedWithoutChange(state, report(doubleBlock(witness, 1, 1)), "evidence.duplicate");
  }

  @Test
  void evidenceOlderThanATermAndTheInterimIsRefused() {
    LedgerState state = chain.state();
    KeyPair offender = chain.user(0); // a genesis witness, so in the set of height 1
    for (int h = 1; h <= 6; h++) {
      state.endBlock();
    }
    // Included at 7, evidence for height 1 is 6 blocks old: more than T + I = 5.
    refusedWithoutChange(state, report(doubleBlock(offender, 1, 0)), "evidence.expired");
    // Evidence for height 2 is 5 blocks old: accepted.
    apply(state, report(doubleBlock(offender, 2, 0)));
    assertThat(state.punishedOffences()).containsKey(new Offence(offender.publicKey(), 2));
  }

  @Test
  void evidenceFromTheFutureOrAgainstANonWitnessIsRefused() {
    LedgerState state = chain.state();
    refusedWithoutChange(state, report(doubleBlock(witness, 2, 0)), "evidence.height");
    refusedWithoutChange(state, report(doubleBlock(chain.user(5), 1, 0)), "evidence.witness");
  }

  @Test
  void aBannedCandidateIsNotElectedUntilItsBanEnds() {
    LedgerState state = chain.state();
    apply(state, register(2));
    apply(state, registerWitness());
    apply(state, voteForWitness(5, 50));
    state.endBlock(); // 1
    apply(state, report(doubleBlock(witness, 1, 0)));
    state.endBlock(); // 2: banned until 8
    apply(state, registerWitness()); // a forfeited candidate may deposit again
    state.endBlock(); // 3
    state.endBlock(); // 4: snapshot while banned
    assertThat(state.witnessSet(6).witnesses()).containsExactly(chain.user(2).publicKey());
    refusedWithoutChange(state, registerWitness(), "tx.candidate_exists");
    for (int h = 5; h <= 8; h++) {
      state.endBlock(); // 8: snapshot once the ban is over
    }
    assertThat(state.witnessSet(10).witnesses())
        .containsExactly(witness.publicKey(), chain.user(2).publicKey());
  }

  /** One action: 0 transfer, 1 register, 2 vote, 3 report; by a user, on a target, an amount. */
  record Action(int kind, int user, int target, int amount) {}

  @Provide
  Arbitrary<List<List<Action>>> blocks() {
    Arbitrary<Action> action =
        Arbitraries.integers()
            .between(0, 3)
            .flatMap(
                kind ->
                    Arbitraries.integers()
                        .between(0, 7)
                        .tuple3()
                        .map(t -> new Action(kind, t.get1(), t.get2(), t.get3() * 1_000 + 1)));
    return action.list().ofMaxSize(5).list().ofMinSize(1).ofMaxSize(10);
  }

  @Property(tries = 30)
  void supplyIsConservedAndRefusedTransactionsChangeNothing(
      @ForAll("blocks") List<List<Action>> blocks) {
    LedgerState state = chain.state();
    List<KeyPair> witnesses = List.of(witness, chain.user(0), chain.user(1));
    Parameters p = chain.genesis.parameters();
    long[] nonce = new long[8];
    for (List<Action> block : blocks) {
      for (Action a : block) {
        KeyPair sender = chain.user(a.user());
        Transaction tx =
            switch (a.kind()) {
              case 0 ->
                  chain
                      .builder(sender)
                      .transfer(
                          chain.address(chain.user(a.target())), a.amount(), nonce[a.user()], now);
              case 1 ->
                  chain
                      .builder(sender)
                      .registerCandidate(p.candidateDeposit(), nonce[a.user()], now);
              case 2 ->
                  chain
                      .builder(sender)
                      .vote(chain.user(a.target()).publicKey(), a.amount(), nonce[a.user()], now);
              default ->
                  chain
                      .builder(sender)
                      .reportEvidence(
                          doubleBlock(
                              witnesses.get(a.target() % 3),
                              Math.max(1, state.height() + 1 - a.amount() % 3),
                              a.amount() % 2),
                          nonce[a.user()],
                          now);
            };
        Bytes root = state.root();
        Address blockProducer = chain.address(chain.user(state.height() % 2 == 0 ? 6 : 7));
        try {
          state.apply(tx, blockProducer, now);
          nonce[a.user()]++;
        } catch (SteleException refused) {
          assertThat(state.root()).as(refused.code()).isEqualTo(root);
        }
      }
      state.endBlock();
      assertThat(chain.supply(state)).isEqualTo(chain.genesisSupply());
    }
  }
}

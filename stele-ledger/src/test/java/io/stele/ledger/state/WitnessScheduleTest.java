package io.stele.ledger.state;

import static io.stele.ledger.state.ElectionChain.setHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.CandidateSet;
import io.stele.ledger.consensus.TermSchedule;
import io.stele.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Elections in the ledger state: snapshots, interims, ties, and agreement with TermSchedule. */
class WitnessScheduleTest {
  private final ElectionChain chain = new ElectionChain();
  private final long now = ElectionChain.NOW;

  private PublicKey key(int user) {
    return chain.user(user).publicKey();
  }

  private Transaction register(int user, long nonce) {
    return chain.builder(chain.user(user)).registerCandidate(chain.deposit, nonce, now);
  }

  private Transaction vote(int voter, int candidate, long amount, long nonce) {
    return chain.builder(chain.user(voter)).vote(key(candidate), amount, nonce, now);
  }

  private List<PublicKey> genesisWitnesses() {
    return chain.genesis.witnesses();
  }

  @Test
  void snapshotElectsTheHeaviestAndTheyTakeOverAfterTheInterim() {
    LedgerState state = chain.state();
    List<Block> blocks = new ArrayList<>();
    blocks.add(chain.produce(state, List.of(register(2, 0), register(3, 0), register(4, 0))));
    blocks.add(chain.produce(state, List.of(vote(5, 3, 500, 0), vote(6, 4, 100, 0))));
    blocks.add(chain.produce(state, List.of()));
    blocks.add(chain.produce(state, List.of()));

    for (Block b : blocks.subList(0, 3)) {
      assertThat(b.header().nextWitnessSetHash()).isEqualTo(Bytes.wrap(new byte[32]));
    }
    assertThat(blocks.get(3).header().nextWitnessSetHash()).isEqualTo(setHash(key(3), key(4)));
    assertThat(state.witnessSet(5)).isEqualTo(new WitnessSet(0, genesisWitnesses()));
    assertThat(state.witnessSet(6)).isEqualTo(new WitnessSet(1, List.of(key(3), key(4))));
    assertThat(state.witnessSet(9)).isEqualTo(new WitnessSet(1, List.of(key(3), key(4))));
    assertThat(blocks.get(3).header().witnessSetHash()).isEqualTo(setHash(genesisOrder()));
    refusesUnknown(state, 10);

    chain.produce(state, List.of(vote(5, 2, 1_000, 1)));
    for (int h = 6; h <= 8; h++) {
      Block b = chain.produce(state, List.of());
      if (h == 6) {
        assertThat(b.header().witnessSetHash()).isEqualTo(setHash(key(3), key(4)));
      }
      if (h == 8) {
        assertThat(b.header().nextWitnessSetHash()).isEqualTo(setHash(key(2), key(3)));
      }
    }
    assertThat(state.witnessSet(9).witnesses()).containsExactly(key(3), key(4));
    assertThat(state.witnessSet(10)).isEqualTo(new WitnessSet(2, List.of(key(2), key(3))));
  }

  private PublicKey[] genesisOrder() {
    return genesisWitnesses().toArray(PublicKey[]::new);
  }

  private static void refusesUnknown(LedgerState state, long height) {
    assertThatThrownBy(() -> state.witnessSet(height))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("state.witness_set");
  }

  @Test
  void anElectionWithoutCandidatesKeepsTheSetBefore() {
    LedgerState state = chain.state();
    Block snapshot = null;
    for (int h = 1; h <= 4; h++) {
      snapshot = chain.produce(state, List.of());
    }
    assertThat(snapshot.header().nextWitnessSetHash()).isEqualTo(setHash(genesisOrder()));
    assertThat(state.witnessSet(6)).isEqualTo(new WitnessSet(1, genesisWitnesses()));
  }

  @Test
  void equalWeightsAreRankedByTheSmallerAddress() {
    LedgerState state = chain.state();
    chain.produce(state, List.of(register(2, 0), register(3, 0), register(4, 0)));
    for (int h = 2; h <= 4; h++) {
      chain.produce(state, List.of());
    }
    List<KeyPair> byAddress = new ArrayList<>(List.of(chain.user(2), chain.user(3), chain.user(4)));
    byAddress.sort(
        Comparator.comparing(
            (KeyPair k) -> chain.address(k).bytes().toArray(), Arrays::compareUnsigned));
    assertThat(state.witnessSet(6).witnesses())
        .containsExactly(byAddress.get(0).publicKey(), byAddress.get(1).publicKey());
    assertThat(state.rankedCandidates())
        .extracting(Candidate::key)
        .containsExactly(
            byAddress.get(0).publicKey(),
            byAddress.get(1).publicKey(),
            byAddress.get(2).publicKey());
  }

  @Test
  void restoredStateKnowsTheSameSchedule() {
    LedgerState state = chain.state();
    List<Map.Entry<Bytes, byte[]>> entries = new ArrayList<>(state.drainWrites().entrySet());
    chain.produce(state, List.of(register(2, 0), register(3, 0)));
    for (int h = 2; h <= 4; h++) {
      chain.produce(state, List.of());
    }
    entries.addAll(state.drainWrites().entrySet());
    LedgerState restored = LedgerState.restore(chain.genesis, entries);
    assertThat(restored.root()).isEqualTo(state.root());
    assertThat(restored.height()).isEqualTo(4);
    assertThat(restored.witnessSet(6)).isEqualTo(state.witnessSet(6));
    assertThat(restored.rankedCandidates()).isEqualTo(state.rankedCandidates());
  }

  /** One block: each step registers a user or votes for one, by index. */
  record Step(int user, int candidate, int amount) {}

  @Provide
  Arbitrary<List<List<Step>>> blocks() {
    Arbitrary<Step> step =
        Arbitraries.integers()
            .between(2, 7)
            .tuple3()
            .map(t -> new Step(t.get1(), t.get2(), t.get3() * 7));
    return step.list().ofMaxSize(3).list().ofMinSize(8).ofMaxSize(14);
  }

  @Property(tries = 40)
  void theStateAgreesWithTheTermScheduleAtEveryHeight(@ForAll("blocks") List<List<Step>> steps) {
    LedgerState state = chain.state();
    Map<Long, CandidateSet> history = new HashMap<>();
    history.put(0L, state.candidateSet());
    long[] nonces = new long[8];
    for (List<Step> block : steps) {
      List<Transaction> txs = new ArrayList<>();
      for (Step s : block) {
        Transaction tx =
            state.rankedCandidates().stream().anyMatch(c -> c.key().equals(key(s.candidate())))
                ? vote(s.user(), s.candidate(), 1 + s.amount(), nonces[s.user()])
                : register(s.user(), nonces[s.user()]);
        try {
          state.checkAccount(tx, 0, 0);
        } catch (SteleException alreadyCandidate) {
          assertThat(alreadyCandidate.code()).isEqualTo("tx.candidate_exists");
          continue;
        }
        nonces[s.user()]++;
        state.apply(tx, chain.address(chain.witness()), now);
        txs.add(tx);
      }
      state.endBlock();
      history.put(state.height(), state.candidateSet());
    }
    TermSchedule schedule = new TermSchedule(ElectionChain.RULES);
    // The last snapshot applied, at k*T, elected term k: heights up to its end are known.
    long lastKnown = schedule.term(state.height() / ElectionChain.RULES.termBlocks()).lastHeight();
    refusesUnknown(state, lastKnown + 1);
    for (long h = 0; h <= lastKnown; h++) {
      assertThat(state.witnessSet(h))
          .isEqualTo(schedule.witnessSet(h, genesisWitnesses(), history::get, ElectionChain.CHAIN));
    }
  }

  @Test
  void snapshotHeaderCommitsTheNextSetItsBlockElects() {
    LedgerState state = chain.state();
    chain.produce(state, List.of(register(2, 0)));
    chain.produce(state, List.of(vote(5, 2, 10, 0)));
    chain.produce(state, List.of());
    BlockHeader snapshot = chain.produce(state, List.of(register(3, 0))).header();
    // A candidate registered in the snapshot block itself counts: "the candidates after it".
    assertThat(snapshot.nextWitnessSetHash()).isEqualTo(setHash(key(2), key(3)));
  }
}

package io.stele.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.address.Address;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.tx.TransactionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a witness deposit, the genesis witnesses start as candidates, so one account registering
 * does not take over the witness set at the next snapshot.
 */
class GenesisCandidatesTest {
  private static final byte CHAIN = 'G';
  private static final long START = 1_700_000_000_000L;

  private final Genesis.Devnet devnet = Genesis.devnet(CHAIN, 4, START, new SeededRng(3));
  private final KeyPair newcomer = KeyPair.generate(new SeededRng(4));

  private Genesis genesis() {
    // Terms of 4 blocks, snapshot at 4 with an interim of 1: term 1 starts at height 6.
    Genesis g = devnet.genesis();
    return g.withParameters(
            g.parameters().withConsensus(new ConsensusParameters(4, 4, 1, 200, 1_000, 10)))
        .withBalances(Map.of(Address.of(newcomer.publicKey(), CHAIN), 10 * g.witnessDeposit()));
  }

  @Test
  void genesisWitnessesStartAsCandidatesWithTheirDepositStaked() {
    Genesis g = genesis();
    LedgerState state = LedgerState.genesis(g);
    long deposit = g.witnessDeposit();
    assertThat(state.rankedCandidates()).hasSize(4);
    for (PublicKey key : g.witnesses()) {
      Account account = state.account(Address.of(key, CHAIN));
      assertThat(account.staked()).isEqualTo(deposit);
      assertThat(account.balance()).isEqualTo(Genesis.DEVNET_WITNESS_BALANCE - deposit);
    }
    assertThat(state.rankedCandidates()).allMatch(c -> c.deposit() == deposit && c.votes() == 0);
  }

  @Test
  void oneRegistrationDoesNotTakeOverTheWitnessSet() {
    Genesis g = genesis();
    List<PublicKey> next = afterOneRegistration(g);
    assertThat(next).hasSize(4);
    // Four seats, five candidates of equal weight, ranked by address: at most one genesis witness
    // gives way.
    assertThat(next.stream().filter(g.witnesses()::contains).count()).isGreaterThanOrEqualTo(3);

    Genesis without =
        new Genesis(CHAIN, g.timestamp(), g.parameters(), g.balances(), g.witnesses());
    assertThat(afterOneRegistration(without))
        .as("without a witness deposit the only candidate takes every seat")
        .containsExactly(newcomer.publicKey());
  }

  /** The witness set of term 1 after the newcomer registered in block 1. */
  private List<PublicKey> afterOneRegistration(Genesis g) {
    LedgerState state = LedgerState.genesis(g);
    state.apply(
        new TransactionBuilder(CHAIN, g.parameters(), newcomer)
            .registerCandidate(g.parameters().candidateDeposit(), 0, START + 1),
        Address.of(g.witnesses().get(0), CHAIN),
        START + 1);
    for (int h = 1; h <= 4; h++) {
      state.endBlock();
    }
    return state.witnessSet(6).witnesses();
  }
}

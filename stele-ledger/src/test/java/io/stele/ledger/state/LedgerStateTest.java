package io.stele.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.ledger.tx.TransactionType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LedgerStateTest {
  private static final TestChains CHAIN = TestChains.create(8);
  private static final long NOW = TestChains.START + 1_000;
  private static final Address PRODUCER = Address.of(CHAIN.witness().publicKey(), TestChains.CHAIN);

  /** A transfer between users, by index; its nonce is assigned when the list is signed. */
  record Move(int from, int to, long amount) {}

  @Provide
  Arbitrary<List<Move>> moves() {
    return Arbitraries.integers()
        .between(0, 7)
        .tuple3()
        .map(t -> new Move(t.get1(), t.get2(), (t.get3() + 1) * 1_000L))
        .list()
        .ofMaxSize(40);
  }

  private static List<Transaction> sign(List<Move> moves) {
    long[] nonces = new long[8];
    List<Transaction> txs = new ArrayList<>();
    Parameters p = CHAIN.genesis().parameters();
    for (Move m : moves) {
      txs.add(
          new TransactionBuilder(TestChains.CHAIN, p, CHAIN.users().get(m.from()))
              .transfer(CHAIN.address(m.to()), m.amount(), nonces[m.from()]++, NOW));
    }
    return txs;
  }

  private static LedgerState applied(List<Transaction> txs) {
    LedgerState state = LedgerState.genesis(CHAIN.genesis());
    state.root();
    for (Transaction tx : txs) {
      state.apply(tx, PRODUCER, NOW);
    }
    return state;
  }

  @Property(tries = 50)
  void sameTransactionsGiveTheSameRoot(@ForAll("moves") List<Move> moves) {
    List<Transaction> txs = sign(moves);
    assertThat(applied(txs).root()).isEqualTo(applied(txs).root());
  }

  @Property(tries = 50)
  void incrementalRootEqualsRootOfTheSameStateBuiltFromScratch(@ForAll("moves") List<Move> moves) {
    LedgerState state = LedgerState.genesis(CHAIN.genesis());
    List<Map.Entry<Bytes, byte[]>> all = new ArrayList<>();
    all.addAll(state.drainWrites().entrySet());
    state.root();
    for (Transaction tx : sign(moves)) {
      state.apply(tx, PRODUCER, NOW);
      state.root();
    }
    all.addAll(state.drainWrites().entrySet());
    // Later writes of a key replace earlier ones in a fresh state, as in the store.
    LedgerState rebuilt = LedgerState.restore(CHAIN.genesis(), all);
    assertThat(rebuilt.root()).isEqualTo(state.root());
  }

  /**
   * Transfers between disjoint pairs of accounts commute: any order gives the same root, because
   * the root commits to the set of entries, not to the order they were written in.
   */
  @Property(tries = 30)
  void independentTransfersInAnyOrderGiveTheSameRoot(@ForAll long seed) {
    List<Transaction> txs = new ArrayList<>();
    Parameters p = CHAIN.genesis().parameters();
    for (int pair = 0; pair < 4; pair++) {
      txs.add(
          new TransactionBuilder(TestChains.CHAIN, p, CHAIN.users().get(2 * pair))
              .transfer(CHAIN.address(2 * pair + 1), 1_000 + pair, 0, NOW));
    }
    List<Transaction> shuffled = new ArrayList<>(txs);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(applied(shuffled).root()).isEqualTo(applied(txs).root());
  }

  /** Random transfers, some over the sender's funds (refused): the supply never changes. */
  @Property(tries = 50)
  void supplyIsConservedWhateverIsAppliedOrRefused(@ForAll("moves") List<Move> moves) {
    LedgerState state = LedgerState.genesis(CHAIN.genesis());
    long[] nonces = new long[8];
    Parameters p = CHAIN.genesis().parameters();
    for (Move m : moves) {
      long amount = m.amount() * 100_000; // large enough that some transfers must be refused
      Transaction tx =
          new TransactionBuilder(TestChains.CHAIN, p, CHAIN.users().get(m.from()))
              .transfer(CHAIN.address(m.to()), amount, nonces[m.from()], NOW);
      try {
        state.apply(tx, PRODUCER, NOW);
        nonces[m.from()]++;
      } catch (SteleException refused) {
        assertThat(refused.code()).isEqualTo("tx.funds");
      }
    }
    long total = state.account(PRODUCER).balance();
    for (int i = 0; i < 8; i++) {
      total += state.account(CHAIN.address(i)).balance();
    }
    long genesisTotal = CHAIN.genesis().balances().values().stream().mapToLong(v -> v).sum();
    assertThat(total).isEqualTo(genesisTotal);
  }

  @Test
  void anyBalanceChangeChangesTheRoot() {
    List<Transaction> one = sign(List.of(new Move(0, 1, 1_000)));
    List<Transaction> other = sign(List.of(new Move(0, 1, 1_001)));
    assertThat(applied(one).root()).isNotEqualTo(applied(other).root());
    assertThat(applied(one).root()).isNotEqualTo(applied(List.of()).root());
  }

  @Test
  void feesAndAmountsAreConserved() {
    List<Transaction> txs =
        sign(List.of(new Move(0, 1, 5_000), new Move(1, 2, 7_000), new Move(2, 0, 1_000)));
    LedgerState state = applied(txs);
    long total = state.account(PRODUCER).balance();
    for (int i = 0; i < 8; i++) {
      total += state.account(CHAIN.address(i)).balance();
    }
    long genesisTotal = 0;
    for (long amount : CHAIN.genesis().balances().values()) {
      genesisTotal += amount;
    }
    assertThat(total).isEqualTo(genesisTotal);
    long fee = CHAIN.genesis().parameters().fee(TransactionType.TRANSFER);
    assertThat(state.account(CHAIN.address(0)).balance())
        .isEqualTo(TestChains.USER_BALANCE - 5_000 - fee + 1_000);
  }

  @Test
  void rejectedTransactionChangesNothing() {
    LedgerState state = applied(List.of());
    Bytes root = state.root();
    state.drainWrites();
    Transaction tooMuch = sign(List.of(new Move(0, 1, TestChains.USER_BALANCE))).get(0);
    assertThatThrownBy(() -> state.apply(tooMuch, PRODUCER, NOW))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("tx.funds");
    assertThat(state.root()).isEqualTo(root);
    assertThat(state.drainWrites()).isEmpty();
  }

  @Test
  void chainSizeLimitIsEnforced() {
    Parameters small =
        new Parameters(1_000, Parameters.devnet().fees(), 1_000_000, 100, 100, 1_024, 600_000);
    Genesis g = CHAIN.genesis();
    Genesis smallTx = new Genesis(g.chainId(), g.timestamp(), small, g.balances(), g.witnesses());
    KeyPair user = CHAIN.users().get(0);
    Transaction tx = new TransactionBuilder(g.chainId(), small, user).anchor(bigList(), 0, NOW);
    assertThat(tx.size()).isGreaterThan(1_024);
    assertThatThrownBy(() -> LedgerState.genesis(smallTx).checkStatic(tx))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("tx.too_large");
  }

  private static List<Bytes> bigList() {
    List<Bytes> hashes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] h = new byte[32];
      h[0] = (byte) i;
      hashes.add(Bytes.wrap(h));
    }
    return hashes;
  }
}

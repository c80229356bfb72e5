package io.stele.ledger.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MempoolTest {
  private static final TestChains CHAIN = TestChains.create(20);
  private final LedgerState state = LedgerState.genesis(CHAIN.genesis());

  private static List<Transaction> flood(int perUser) {
    List<Transaction> txs = new ArrayList<>();
    for (int n = 0; n < perUser; n++) {
      for (int u = 0; u < 20; u++) {
        txs.add(
            new TransactionBuilder(
                    TestChains.CHAIN, CHAIN.genesis().parameters(), CHAIN.users().get(u))
                .transfer(CHAIN.address((u + 1) % 20), 1, n, TestChains.START));
      }
    }
    return txs;
  }

  @Test
  void floodOfTenTimesCapacityIsRefusedAndMemoryStaysBounded() {
    Mempool mempool = new Mempool(100, Long.MAX_VALUE);
    int refused = 0;
    for (Transaction tx : flood(50)) {
      try {
        mempool.admit(tx, state);
      } catch (SteleException e) {
        assertThat(e.code()).isEqualTo("mempool.full");
        refused++;
      }
    }
    assertThat(mempool.size()).isEqualTo(100);
    assertThat(refused).isEqualTo(900);
  }

  @Test
  void peekLeavesThePoolAsItWasAndRetainDropsWhatACommitUsed() {
    Mempool mempool = new Mempool(1_000, Long.MAX_VALUE);
    List<Transaction> txs = flood(2); // nonces 0 of every user, then nonces 1
    txs.forEach(tx -> mempool.admit(tx, state));
    assertThat(mempool.peek(5, Long.MAX_VALUE)).containsExactlyElementsOf(txs.subList(0, 5));
    assertThat(mempool.peek(1_000, Long.MAX_VALUE)).containsExactlyElementsOf(txs);
    assertThat(mempool.size()).isEqualTo(40);

    // A block (made elsewhere) took the first ten users' nonce-0 transfers.
    LedgerState after = LedgerState.genesis(CHAIN.genesis());
    for (Transaction tx : txs.subList(0, 10)) {
      after.apply(tx, CHAIN.address(0), TestChains.START);
    }
    assertThat(mempool.retain(after)).isEqualTo(10);
    List<Transaction> left = new ArrayList<>(txs.subList(10, 40));
    assertThat(mempool.peek(1_000, Long.MAX_VALUE)).containsExactlyElementsOf(left);
    assertThat(mempool.pendingCount(CHAIN.users().get(0).publicKey())).isEqualTo(1);
    assertThat(mempool.pendingCount(CHAIN.users().get(15).publicKey())).isEqualTo(2);
  }

  @Test
  void peekStopsAtTheFirstTransactionWhoseBlockEncodingWouldPassTheByteBound() {
    Mempool mempool = new Mempool(1_000, Long.MAX_VALUE);
    List<Transaction> txs = flood(1);
    txs.forEach(tx -> mempool.admit(tx, state));
    // In a block each transaction is a u32 length and its encoding.
    long firstThree = 0;
    for (Transaction tx : txs.subList(0, 3)) {
      firstThree += 4 + tx.encoded().length();
    }
    assertThat(mempool.peek(1_000, firstThree)).containsExactlyElementsOf(txs.subList(0, 3));
    assertThat(mempool.peek(1_000, firstThree - 1)).containsExactlyElementsOf(txs.subList(0, 2));
    assertThat(mempool.peek(2, firstThree)).containsExactlyElementsOf(txs.subList(0, 2));
    assertThat(mempool.peek(1_000, 3)).isEmpty();
    assertThat(mempool.size()).isEqualTo(txs.size());
  }

  @Test
  void byteBoundRefusesBeforeCountBound() {
    List<Transaction> txs = flood(1);
    long oneEntry = txs.get(0).size() + Mempool.ENTRY_OVERHEAD;
    Mempool mempool = new Mempool(1_000, 3 * oneEntry);
    for (int i = 0; i < 3; i++) {
      mempool.admit(txs.get(i), state);
    }
    assertThatThrownBy(() -> mempool.admit(txs.get(3), state))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("mempool.full");
    assertThat(mempool.bytes()).isEqualTo(3 * oneEntry);
  }

  @Test
  void drainGivesEachSendersTransactionsInNonceOrderAndFreesRoom() {
    Mempool mempool = new Mempool(1_000, Long.MAX_VALUE);
    List<Transaction> txs = flood(3);
    txs.forEach(tx -> mempool.admit(tx, state));
    List<Transaction> drained = mempool.drain(1_000);
    assertThat(drained).containsExactlyElementsOf(txs);
    for (int u = 0; u < 20; u++) {
      int user = u;
      assertThat(
              drained.stream()
                  .filter(tx -> tx.sender().equals(CHAIN.users().get(user).publicKey()))
                  .map(Transaction::nonce))
          .containsExactly(0L, 1L, 2L);
    }
    assertThat(mempool.size()).isZero();
    assertThat(mempool.bytes()).isZero();
    assertThat(mempool.pendingCount(CHAIN.users().get(0).publicKey())).isZero();
  }

  @Test
  void gapInNoncesIsRefused() {
    Mempool mempool = new Mempool(1_000, Long.MAX_VALUE);
    Transaction skipping =
        new TransactionBuilder(TestChains.CHAIN, CHAIN.genesis().parameters(), CHAIN.users().get(0))
            .transfer(CHAIN.address(1), 1, 1, TestChains.START);
    assertThatThrownBy(() -> mempool.admit(skipping, state))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("tx.nonce");
    assertThat(mempool.size()).isZero();
  }
}

package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.Block;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.ledger.tx.TransactionType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoloNodeTest {
  @TempDir Path dir;

  private final TestChains chain = TestChains.create(3);
  private final ManualClock clock = new ManualClock(TestChains.START + 1_000);

  private SoloNode open() {
    return SoloNode.open(dir, chain.genesis(), chain.witness(), clock);
  }

  private Transaction transfer(int from, int to, long amount, long nonce) {
    return new TransactionBuilder(
            TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(from))
        .transfer(chain.address(to), amount, nonce, clock.millis());
  }

  @Test
  void transferIsIncludedInTheNextBlockAndMovesFundsAndFee() {
    long fee = chain.genesis().parameters().fee(TransactionType.TRANSFER);
    try (SoloNode node = open()) {
      Transaction tx = transfer(0, 1, 5_000, 0);
      ObjectNode submitted = node.submit(tx.encoded().toArray());
      assertThat(submitted.get("id").asText()).isEqualTo(tx.id().toBase58());
      assertThat(node.transaction(tx.id()).orElseThrow().get("status").asText())
          .isEqualTo("pending");

      clock.advance(1_000);
      assertThat(node.tick()).isPresent();

      assertThat(node.status().get("finalHeight").asLong()).isEqualTo(1);
      ObjectNode included = node.transaction(tx.id()).orElseThrow();
      assertThat(included.get("status").asText()).isEqualTo("final");
      assertThat(included.get("height").asLong()).isEqualTo(1);
      assertThat(node.account(chain.address(0), 0, 10).get("balance").asText())
          .isEqualTo(Long.toString(TestChains.USER_BALANCE - 5_000 - fee));
      assertThat(node.account(chain.address(1), 0, 10).get("balance").asText())
          .isEqualTo(Long.toString(TestChains.USER_BALANCE + 5_000));
      assertThat(
              node.account(chain.address(1), 0, 10).get("transactions").get(0).get("id").asText())
          .isEqualTo(tx.id().toBase58());
    }
  }

  @Test
  void reopenedNodeHasTheSameHeadAndStateRoot() {
    ObjectNode before;
    Transaction tx = transfer(0, 2, 7, 0);
    try (SoloNode node = open()) {
      node.submit(tx.encoded().toArray());
      node.produceBlock();
      node.produceBlock();
      before = node.status();
    }
    try (SoloNode node = open()) {
      ObjectNode after = node.status();
      assertThat(after.get("height")).isEqualTo(before.get("height"));
      assertThat(after.get("headHash")).isEqualTo(before.get("headHash"));
      assertThat(after.get("stateRoot")).isEqualTo(before.get("stateRoot"));
      assertThatThrownBy(() -> node.submit(tx.encoded().toArray()))
          .isInstanceOf(SteleException.class)
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("tx.replay");
    }
  }

  @Test
  void anchoredHashGetsAReceiptOnceItsBlockIsFinal() throws Exception {
    try (SoloNode node = open()) {
      Bytes hash = Bytes.wrap(new byte[] {1, 2, 3});
      var receipt = node.awaitReceipt(hash);
      node.anchor(List.of(hash));
      node.produceBlock();
      ObjectNode r = receipt.get(10, TimeUnit.SECONDS);
      assertThat(r.get("targetHash").asText()).isEqualTo("010203");
      assertThat(node.receipt(hash)).contains(r);
    }
  }

  @Test
  void transactionTooOldByBlockTimeIsDroppedWithItsReason() {
    long drift = chain.genesis().parameters().maxTimestampDriftMs();
    try (SoloNode node = open()) {
      Transaction old =
          new TransactionBuilder(
                  TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0))
              .transfer(chain.address(1), 1, 0, clock.millis() - drift + 10);
      node.submit(old.encoded().toArray());
      clock.advance(1_000);
      Block block = node.produceBlock();
      assertThat(block.transactions()).isEmpty();
      ObjectNode view = node.transaction(old.id()).orElseThrow();
      assertThat(view.get("status").asText()).isEqualTo("dropped");
      assertThat(view.get("error").asText()).isEqualTo("tx.timestamp");
      assertThat(node.account(chain.address(0), 0, 1).get("nonce").asLong()).isZero();
    }
  }

  @Test
  void sameInputsGiveTheSameBlocksByteForByte(@TempDir Path other) {
    Transaction a = transfer(0, 1, 100, 0);
    Transaction b = transfer(1, 2, 200, 0);
    List<String> hashes = new ArrayList<>();
    for (Path dataDir : List.of(dir, other)) {
      ManualClock sameClock = new ManualClock(TestChains.START + 1_000);
      try (SoloNode node = SoloNode.open(dataDir, chain.genesis(), chain.witness(), sameClock)) {
        node.submit(a.encoded().toArray());
        node.submit(b.encoded().toArray());
        node.anchor(List.of(Bytes.wrap(new byte[] {5})));
        sameClock.advance(1_000);
        Block block = node.produceBlock();
        hashes.add(block.hash().toBase58() + " " + Bytes.wrap(block.encode()).toHex());
      }
    }
    assertThat(hashes.get(0)).isEqualTo(hashes.get(1));
  }
}

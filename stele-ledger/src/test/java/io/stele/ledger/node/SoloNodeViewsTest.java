package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.consensus.DoubleBlock;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoloNodeViewsTest {
  @TempDir Path dir;

  private final TestChains chain = TestChains.create(2);
  private final ManualClock clock = new ManualClock(TestChains.START + 1_000);

  @Test
  void listenersSeeFinalBlocksInOrderAndReceiptsUntilTheyUnsubscribe() throws Exception {
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      List<Long> heights = new CopyOnWriteArrayList<>();
      List<String> targets = new CopyOnWriteArrayList<>();
      CountDownLatch three = new CountDownLatch(3);
      LedgerNode.Subscription blocks =
          node.onFinalizedBlock(
              b -> {
                heights.add(b.get("height").asLong());
                three.countDown();
              });
      LedgerNode.Subscription receipts =
          node.onReceipt(r -> targets.add(r.get("targetHash").asText()));
      node.anchor(List.of(Bytes.wrap(new byte[] {(byte) 0xab})));
      node.produceBlock();
      node.produceBlock();
      node.produceBlock();
      assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
      blocks.close();
      receipts.close();
      node.anchor(List.of(Bytes.wrap(new byte[] {(byte) 0xcd})));
      node.produceBlock();
      CountDownLatch flushed = new CountDownLatch(1);
      // Listeners run in block order on one thread: once this one ran, the earlier calls did.
      LedgerNode.Subscription last = node.onFinalizedBlock(b -> flushed.countDown());
      node.produceBlock();
      assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();
      last.close();
      assertThat(heights).containsExactly(1L, 2L, 3L);
      assertThat(targets).containsExactly("ab");
    }
  }

  @Test
  void blockByHashEqualsBlockByHeightAndLinksToItsParent() {
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      node.produceBlock();
      ObjectNode one = node.block(1).orElseThrow();
      ObjectNode zero = node.block(0).orElseThrow();
      assertThat(node.block(Bytes.fromBase58(one.get("hash").asText(), 32))).contains(one);
      assertThat(one.get("parentHash")).isEqualTo(zero.get("hash"));
      assertThat(one.get("finalityCertificate").get("confirmations")).hasSize(1);
      assertThat(node.block(2)).isEmpty();
      ObjectNode status = node.status();
      assertThat(status.get("finalHash")).isEqualTo(one.get("hash"));
      assertThat(status.get("genesisHash")).isEqualTo(zero.get("hash"));
      ObjectNode witnesses = node.witnesses();
      assertThat(witnesses.get("term").asLong()).isZero();
      assertThat(witnesses.get("firstHeight").asLong()).isZero();
      assertThat(witnesses.get("lastHeight").asLong()).isEqualTo(Long.MAX_VALUE);
      assertThat(witnesses.get("threshold").asInt()).isEqualTo(1);
      assertThat(witnesses.get("witnesses").get(0).get("publicKey").asText())
          .isEqualTo(chain.witness().publicKey().toString());
      assertThat(witnesses.get("witnessSetHash").asText())
          .isEqualTo(one.get("witnessSetHash").asText());
      assertThat(witnesses.has("next")).isFalse();
      assertThat(witnesses.get("punished")).isEmpty();
      assertThat(one.get("nextWitnessSetHash").asText())
          .isEqualTo("11111111111111111111111111111111");
    }
  }

  private DoubleBlock equivocation(KeyPair producer, long height) {
    Bytes zero = Bytes.wrap(new byte[32]);
    BlockHeader a =
        new BlockHeader(
            TestChains.CHAIN,
            height,
            zero,
            1,
            producer.publicKey(),
            zero,
            zero,
            zero,
            0,
            zero,
            zero,
            0);
    BlockHeader b =
        new BlockHeader(
            TestChains.CHAIN,
            height,
            zero,
            2,
            producer.publicKey(),
            zero,
            zero,
            zero,
            0,
            zero,
            zero,
            0);
    return DoubleBlock.of(
        a, Bytes.wrap(producer.sign(a.encode())), b, Bytes.wrap(producer.sign(b.encode())));
  }

  @Test
  void reportedEvidenceIsCheckedAtSubmitAndShownOnceIncluded() {
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      node.produceBlock();
      TransactionBuilder reporter =
          new TransactionBuilder(
              TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0));
      Transaction notAWitness =
          reporter.reportEvidence(equivocation(chain.users().get(1), 1), 0, clock.millis());
      assertThatThrownBy(() -> node.submit(notAWitness.encoded().toArray()))
          .isInstanceOf(SteleException.class)
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("evidence.witness");
      DoubleBlock evidence = equivocation(chain.witness(), 1);
      Transaction report = reporter.reportEvidence(evidence, 0, clock.millis());
      node.submit(report.encoded().toArray());
      node.produceBlock();

      ObjectNode tx = node.transaction(report.id()).orElseThrow();
      assertThat(tx.get("type").asText()).isEqualTo("evidence");
      assertThat(tx.get("evidence").get("offender").asText())
          .isEqualTo(chain.witness().publicKey().toString());
      assertThat(tx.get("evidence").get("id").asText()).isEqualTo(evidence.id().toBase58());
      JsonNode punished = node.witnesses().get("punished");
      assertThat(punished).hasSize(1);
      assertThat(punished.get(0).get("witness").asText())
          .isEqualTo(chain.witness().publicKey().toString());
      assertThat(punished.get(0).get("height").asLong()).isEqualTo(1);
      assertThat(punished.get(0).get("includedAt").asLong()).isEqualTo(2);
      assertThat(punished.get(0).get("bannedUntil").asLong()).isEqualTo(2 + 1_000);
    }
  }

  @Test
  void accountHistoryIsPagedNewestFirst() {
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      TransactionBuilder sender =
          new TransactionBuilder(
              TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0));
      Transaction[] txs = new Transaction[3];
      for (int i = 0; i < 3; i++) {
        txs[i] = sender.transfer(chain.address(1), 10 + i, i, clock.millis());
        node.submit(txs[i].encoded().toArray());
        node.produceBlock();
      }
      JsonNode first = node.account(chain.address(0), 0, 2).get("transactions");
      JsonNode second = node.account(chain.address(0), 1, 2).get("transactions");
      assertThat(first).hasSize(2);
      assertThat(first.get(0).get("id").asText()).isEqualTo(txs[2].id().toBase58());
      assertThat(first.get(1).get("id").asText()).isEqualTo(txs[1].id().toBase58());
      assertThat(second).hasSize(1);
      assertThat(second.get(0).get("id").asText()).isEqualTo(txs[0].id().toBase58());
      assertThat(node.account(chain.address(0), 0, 2).get("nonce").asLong()).isEqualTo(3);
      ObjectNode tx = node.transaction(txs[1].id()).orElseThrow();
      assertThat(tx.get("amount").asText()).isEqualTo("11");
      assertThat(tx.get("recipient").asText()).isEqualTo(chain.address(1).toString());
      assertThat(tx.get("height").asLong()).isEqualTo(2);
    }
  }
}

package io.stele.exchange.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReplyGateTest {

  @Test
  void aReplyIsReleasedOnlyOnceBothTheJournalAndTheEngineHavePassedIt() {
    List<Long> replies = new CopyOnWriteArrayList<>();
    ReplyGate gate = new ReplyGate(10, replies::add);
    gate.applied(15);
    assertThat(replies).isEmpty();
    gate.durable(12);
    gate.durable(20);
    gate.applied(18);
    gate.applied(25);
    assertThat(replies).containsExactly(12L, 15L, 18L, 20L);
    assertThat(gate.replied()).isEqualTo(20);
  }

  @Test
  @Timeout(30)
  void aThreadThatFindsTheGateBusyLeavesItsReleaseToTheHolder() throws Exception {
    List<Long> replies = new CopyOnWriteArrayList<>();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch appliedAll = new CountDownLatch(1);
    ReplyGate gate =
        new ReplyGate(
            0,
            seq -> {
              replies.add(seq);
              if (seq == 5) {
                // The journal thread holds the gate while the engine passes the last command.
                holding.countDown();
                await(appliedAll);
              }
            });
    gate.applied(5);
    CompletableFuture<Void> journal = CompletableFuture.runAsync(() -> gate.durable(9));
    assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
    gate.applied(9); // finds the gate taken and returns at once
    appliedAll.countDown();
    journal.get();
    assertThat(replies).containsExactly(5L, 9L);
    assertThat(gate.replied()).isEqualTo(9);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

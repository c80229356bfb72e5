package io.stele.ledger.store;

import io.stele.core.clock.SystemClock;
import io.stele.ledger.TestChains;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.tx.TransactionBuilder;
import java.nio.file.Path;

/**
 * Runs in a child JVM that the test kills with SIGKILL: produces blocks full of transfers as fast
 * as it can and prints each committed height.
 */
public final class CrashingProducer {
  private CrashingProducer() {}

  public static void main(String[] args) {
    TestChains chain = TestChains.create(4);
    SystemClock clock = new SystemClock();
    SoloNode node = SoloNode.open(Path.of(args[0]), chain.genesis(), chain.witness(), clock);
    long[] nonces = new long[4];
    for (int u = 0; u < 4; u++) {
      nonces[u] = node.account(chain.address(u), 0, 1).get("nonce").asLong();
    }
    while (true) {
      for (int i = 0; i < 50; i++) {
        int u = i % 4;
        node.submit(
            new TransactionBuilder(
                    TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(u))
                .transfer(chain.address((u + 1) % 4), 1, nonces[u]++, clock.millis())
                .encoded()
                .toArray());
      }
      System.out.println(node.produceBlock().height());
      System.out.flush();
    }
  }
}

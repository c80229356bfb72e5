package io.stele.bench.exchange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Restart time of a large exchange: {@code accounts} funded accounts and {@code orders} resting
 * orders (bids below the mid, asks above, over 2,000 price levels) go through the pipeline, which
 * snapshots the state once everything is in; then {@link Recovery#recover} rebuilds it from the
 * snapshot (and the empty journal tail) and must reach the same state hash.
 */
public final class ExchangeRestart {
  private static final int BATCH = 1 << 16;
  private static final long MID = 1_000_000;

  private ExchangeRestart() {}

  public static ObjectNode run(int accounts, int orders, Path dir) {
    Command[] commands = new Command[3 + accounts * 2 + orders];
    int n = 0;
    commands[n++] = Command.asset(0, 0);
    commands[n++] = Command.asset(1, 0);
    commands[n++] = Command.market(0, 0, 1, 1, 1, 10, 20, SelfTradePrevention.CANCEL_NEWEST);
    for (long a = 1; a <= accounts; a++) {
      commands[n++] = Command.deposit(a, 0, 1_000_000_000L);
      commands[n++] = Command.deposit(a, 1, 1_000_000_000_000L);
    }
    for (int i = 0; i < orders; i++) {
      Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
      long offset = 1 + (i / 2) % 1_000;
      long price = side == Side.BUY ? MID - offset : MID + offset;
      commands[n++] =
          Command.limit(1 + i % accounts, i + 1, 0, side, price, 1 + i % 10, TimeInForce.GTC);
    }
    long t0 = System.nanoTime();
    ExchangePipeline pipeline =
        ExchangePipeline.open(dir, new EventSink() {}, s -> {}, BATCH, commands.length);
    try {
      for (int from = 0; from < commands.length; from += BATCH) {
        Command[] batch =
            Arrays.copyOfRange(commands, from, Math.min(commands.length, from + BATCH));
        pipeline.submit(batch, batch.length);
      }
    } finally {
      pipeline.close();
    }
    byte[] hash = pipeline.engine().stateHash();
    long t1 = System.nanoTime();
    Recovery.Recovered recovered = Recovery.recover(dir);
    long t2 = System.nanoTime();
    if (!Arrays.equals(hash, recovered.engine().stateHash())) {
      throw new IllegalStateException("the restarted engine has another state hash");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("accounts", accounts)
        .put("restingOrders", orders)
        .put("loadMs", (t1 - t0) / 1_000_000)
        .put("restartMs", (t2 - t1) / 1_000_000)
        .put("fromSnapshot", recovered.snapshotSequence() == commands.length);
    return out;
  }
}

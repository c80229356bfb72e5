package io.stele.bench.sealed;

import io.stele.core.crypto.KeyPair;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.SealedExchange;
import java.util.List;

/**
 * The orders the sealed benchmarks send: one market (tick 100, lot 1,000,000), limit orders of one
 * lot alternating buy and sell around 10,000, one in four GTC and the rest IOC, so that batches
 * trade. Every client is funded far beyond what a run can spend. The book does not stay small: the
 * GTC orders are all buys (ids divisible by 4 are even), and once a client's own bid heads the best
 * level, self-trade prevention cancels its next sells, so in bundles of 64 about 170 of every 1,024
 * orders stay on the book (SealedBatchLatency prints how many rest at the end).
 */
final class SealedWorkload {
  static final int MARKET = 1;

  private SealedWorkload() {}

  /** An engine with the market and every client's deposits, ready for sealed orders. */
  static Engine start(List<KeyPair> clients) {
    Engine engine = new Engine();
    EventSink none = new EventSink() {};
    engine.apply(Command.asset(0, 8), none);
    engine.apply(Command.asset(1, 2), none);
    engine.apply(
        Command.market(MARKET, 0, 1, 100, 1_000_000, 10, 20, SelfTradePrevention.CANCEL_NEWEST),
        none);
    for (KeyPair client : clients) {
      long account = SealedExchange.accountOf(client.publicKey());
      engine.apply(Command.deposit(account, 0, 1_000_000_000_000_000L), none);
      engine.apply(Command.deposit(account, 1, 1_000_000_000_000L), none);
    }
    return engine;
  }

  /** The payload of order {@code id}; ids must be unique within a run. */
  static byte[] order(long id) {
    Side side = id % 2 == 0 ? Side.BUY : Side.SELL;
    long price = 9_900 + 100 * (id % 3);
    TimeInForce tif = id % 4 == 0 ? TimeInForce.GTC : TimeInForce.IOC;
    return new OrderPayload.Place(id, MARKET, side, OrderType.LIMIT, tif, false, price, 1_000_000)
        .encode();
  }
}

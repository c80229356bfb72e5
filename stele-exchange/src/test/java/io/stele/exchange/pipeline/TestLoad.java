package io.stele.exchange.pipeline;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A deterministic stream of commands for one BTC/USD market: same seed, same commands. */
final class TestLoad {
  private TestLoad() {}

  static List<Command> commands(long seed, int count) {
    Random rnd = new Random(seed);
    List<Command> out = new ArrayList<>(count);
    out.add(Command.asset(0, 8));
    out.add(Command.asset(1, 2));
    out.add(Command.market(1, 0, 1, 100, 1_000_000, 10, 20, SelfTradePrevention.CANCEL_NEWEST));
    for (long a = 1; a <= 50 && out.size() < count; a++) {
      out.add(Command.deposit(a, 0, 1_000_000_000_000L));
      out.add(Command.deposit(a, 1, 1_000_000_000_000L));
    }
    long nextId = 1;
    while (out.size() < count) {
      long account = 1 + rnd.nextInt(50);
      Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
      long price = (1_000 + rnd.nextInt(41) - 20) * 100L;
      long size = (1 + rnd.nextInt(20)) * 1_000_000L;
      int pick = rnd.nextInt(100);
      long time = out.size();
      Command c;
      if (pick < 60) {
        c = Command.limit(account, nextId++, 1, side, price, size, TimeInForce.GTC);
      } else if (pick < 70) {
        c = Command.limit(account, nextId++, 1, side, price, size, TimeInForce.IOC);
      } else if (pick < 75) {
        c = Command.marketOrder(account, nextId++, 1, side, size, TimeInForce.IOC);
      } else if (pick < 90) {
        c = Command.cancel(account, 1 + rnd.nextInt((int) nextId));
      } else {
        c = Command.amend(account, 1 + rnd.nextInt((int) nextId), price, size);
      }
      out.add(c.at(time));
    }
    return out;
  }
}

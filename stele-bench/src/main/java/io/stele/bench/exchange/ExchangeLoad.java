package io.stele.bench.exchange;

import io.stele.exchange.engine.CancelReason;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.OrderView;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A pre-generated, deterministic command stream for one market in the shape of exchange-core's
 * single-pair benchmark: 2,000 accounts, about 1,000 resting orders, and a mix of 12.6% GTC, 1.8%
 * IOC, 0.06% FOK, 7.2% cancel, 71.1% move (amend to a new price) and 7.2% reduce (amend to a
 * smaller size). A shadow engine runs alongside generation so that every command refers to an order
 * that is open at that point and none is rejected: the stream measures matching, not error paths.
 */
public final class ExchangeLoad {
  public static final int ACCOUNTS = 2_000;
  public static final int RESTING = 1_000;
  static final long MID = 100_000;

  /** Commands that build the starting state, then the measured stream. */
  public record Load(Command[] setup, Command[] commands) {
    /** A fresh engine in the starting state. */
    public Engine start() {
      Engine e = new Engine(ACCOUNTS * 2, RESTING * 8);
      EventSink none = new EventSink() {};
      for (Command c : setup) {
        e.apply(c, none);
      }
      return e;
    }
  }

  private final SplittableRandom rnd;
  private final Engine shadow = new Engine(ACCOUNTS * 2, RESTING * 8);
  private final List<Long> open = new ArrayList<>();
  private final Map<Long, Integer> slot = new HashMap<>();
  private final List<Long> touched = new ArrayList<>();
  private boolean rejected;
  private long nextOrder = 1;

  private ExchangeLoad(long seed) {
    rnd = new SplittableRandom(seed);
  }

  public static Load generate(long seed, int count) {
    return new ExchangeLoad(seed).run(count);
  }

  private Load run(int count) {
    List<Command> setup = new ArrayList<>();
    setup.add(Command.asset(0, 0));
    setup.add(Command.asset(1, 0));
    setup.add(Command.market(0, 0, 1, 1, 1, 10, 20, SelfTradePrevention.CANCEL_NEWEST));
    for (long a = 1; a <= ACCOUNTS; a++) {
      setup.add(Command.deposit(a, 0, 1_000_000_000_000L));
      setup.add(Command.deposit(a, 1, 1_000_000_000_000_000L));
    }
    setup.forEach(this::apply);
    while (open.size() < RESTING) {
      Command c = gtc(false);
      if (apply(c)) {
        setup.add(c);
      }
    }
    Command[] commands = new Command[count];
    int n = 0;
    while (n < count) {
      Command c = next();
      c.timestamp = n;
      if (apply(c)) {
        commands[n++] = c;
      }
    }
    return new Load(setup.toArray(Command[]::new), commands);
  }

  private Command next() {
    int r = rnd.nextInt(10_000);
    if (open.size() < RESTING * 9 / 10) {
      return gtc(false);
    }
    if (open.size() > RESTING * 11 / 10 && r < 7_000) {
      return cancel();
    }
    if (r < 1_260) {
      return gtc(rnd.nextInt(10) == 0);
    } else if (r < 1_440) {
      return taking(TimeInForce.IOC);
    } else if (r < 1_446) {
      return taking(TimeInForce.FOK);
    } else if (r < 2_166) {
      return cancel();
    } else if (r < 9_276) {
      return move();
    } else {
      return reduce();
    }
  }

  private long account() {
    return 1 + rnd.nextInt(ACCOUNTS);
  }

  private long restingPrice(Side side, boolean cross) {
    long offset = cross ? -rnd.nextInt(1, 5) : rnd.nextInt(1, 200);
    return side == Side.BUY ? MID - offset : MID + offset;
  }

  private Command gtc(boolean cross) {
    Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
    return Command.limit(
        account(),
        nextOrder++,
        0,
        side,
        restingPrice(side, cross),
        rnd.nextInt(1, 100),
        TimeInForce.GTC);
  }

  private Command taking(TimeInForce tif) {
    Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
    long price = side == Side.BUY ? MID + 50 : MID - 50;
    return Command.limit(account(), nextOrder++, 0, side, price, rnd.nextInt(1, 50), tif);
  }

  private OrderView pick() {
    while (true) {
      long id = open.get(rnd.nextInt(open.size()));
      Optional<OrderView> o = shadow.order(id);
      if (o.isPresent()) {
        return o.get();
      }
      forget(id);
    }
  }

  private Command cancel() {
    OrderView o = pick();
    return Command.cancel(o.account(), o.id());
  }

  private Command move() {
    OrderView o = pick();
    long price = restingPrice(o.side(), rnd.nextInt(50) == 0);
    if (price == o.price()) {
      price += o.side() == Side.BUY ? -1 : 1;
    }
    return Command.amend(o.account(), o.id(), price, o.size());
  }

  private Command reduce() {
    OrderView o = pick();
    if (o.size() < 2) {
      return move();
    }
    return Command.amend(o.account(), o.id(), o.price(), o.size() - 1 - rnd.nextLong(o.size() / 2));
  }

  /** Applies to the shadow engine; false if rejected. Keeps the list of open orders current. */
  private boolean apply(Command c) {
    rejected = false;
    touched.clear();
    shadow.apply(c, tracker);
    for (long id : touched) {
      if (shadow.order(id).isPresent()) {
        if (!slot.containsKey(id)) {
          slot.put(id, open.size());
          open.add(id);
        }
      } else {
        forget(id);
      }
    }
    return !rejected;
  }

  private void forget(long id) {
    Integer i = slot.remove(id);
    if (i != null) {
      long last = open.remove(open.size() - 1);
      if (i < open.size()) {
        open.set(i, last);
        slot.put(last, i);
      }
    }
  }

  private final EventSink tracker =
      new EventSink() {
        @Override
        public void accepted(Command command) {
          touched.add(command.orderId);
        }

        @Override
        public void rejected(Command command, String code, String message) {
          rejected = true;
        }

        @Override
        public void trade(
            long timestamp,
            int market,
            long makerOrderId,
            long makerAccount,
            long takerOrderId,
            long takerAccount,
            Side takerSide,
            long price,
            long size,
            long quoteAmount,
            long makerFee,
            long takerFee) {
          touched.add(makerOrderId);
        }

        @Override
        public void cancelled(
            long orderId, long account, int market, long remainingSize, CancelReason reason) {
          touched.add(orderId);
        }

        @Override
        public void amended(
            long orderId, long account, int market, long price, long size, boolean kept) {
          touched.add(orderId);
        }
      };
}

package io.stele.exchange.candles;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.pipeline.ExchangePipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandlesTest {
  @TempDir Path dir;

  static final long MIN = 60_000;
  static final long HOUR = 3_600_000;

  /** Trades of 1 lot each at (time, price): the taker buys from a fresh resting sell. */
  static List<Command> trades(long[][] timePrice) {
    List<Command> cmds = new ArrayList<>();
    cmds.add(Command.asset(0, 0));
    cmds.add(Command.asset(1, 0));
    cmds.add(Command.market(0, 0, 1, 1, 1, 0, 0, SelfTradePrevention.CANCEL_NEWEST));
    cmds.add(Command.deposit(1, 0, 1_000));
    cmds.add(Command.deposit(2, 1, 1_000_000));
    long id = 1;
    for (long[] tp : timePrice) {
      cmds.add(Command.limit(1, id++, 0, Side.SELL, tp[1], 1, TimeInForce.GTC).at(tp[0] - 1));
      cmds.add(Command.limit(2, id++, 0, Side.BUY, tp[1], 1, TimeInForce.GTC).at(tp[0]));
    }
    return cmds;
  }

  @Test
  void candlesRebuiltFromTheJournalMatchTheTradesByHandAndTheLiveProjection() {
    long[][] tp = {
      {HOUR + 5_000, 100},
      {HOUR + 20_000, 130},
      {HOUR + 59_999, 90},
      {HOUR + MIN, 110},
      {2 * HOUR, 120}
    };
    Candles live = new Candles();
    try (ExchangePipeline p = ExchangePipeline.open(dir, live, seq -> {}, 64, 1_000_000)) {
      List<Command> cmds = trades(tp);
      p.submit(cmds.toArray(Command[]::new), cmds.size());
    }
    Candles c = Candles.fromJournal(dir.resolve("journal.log"));
    assertThat(c.candles(0, Interval.MINUTE))
        .containsExactly(
            new Candle(0, Interval.MINUTE, HOUR, 100, 130, 90, 90, 3, 320, 3),
            new Candle(0, Interval.MINUTE, HOUR + MIN, 110, 110, 110, 110, 1, 110, 1),
            new Candle(0, Interval.MINUTE, 2 * HOUR, 120, 120, 120, 120, 1, 120, 1));
    assertThat(c.candles(0, Interval.HOUR))
        .containsExactly(
            new Candle(0, Interval.HOUR, HOUR, 100, 130, 90, 110, 4, 430, 4),
            new Candle(0, Interval.HOUR, 2 * HOUR, 120, 120, 120, 120, 1, 120, 1));
    assertThat(c.candles(0, Interval.DAY))
        .containsExactly(new Candle(0, Interval.DAY, 0, 100, 130, 90, 120, 5, 550, 5));
    assertThat(c.candles(1, Interval.DAY)).isEmpty();
    for (Interval i : Interval.values()) {
      assertThat(live.candles(0, i)).as("live %s candles", i).isEqualTo(c.candles(0, i));
    }
  }

  @Test
  void intervalsRoundDownIncludingBeforeTheEpoch() {
    assertThat(Interval.MINUTE.start(59_999)).isZero();
    assertThat(Interval.MINUTE.start(-1)).isEqualTo(-60_000);
    assertThat(Interval.DAY.start(86_400_000)).isEqualTo(86_400_000);
  }
}

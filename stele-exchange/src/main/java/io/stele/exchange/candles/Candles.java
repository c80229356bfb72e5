package io.stele.exchange.candles;

import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.Side;
import io.stele.exchange.journal.JournalReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OHLCV candles (1 minute, 1 hour, 1 day) per market: a projection of trade events. It keeps no
 * state of its own worth saving, because it can always be rebuilt by running the journal through a
 * fresh engine ({@link #fromJournal}); live, it is one more {@link EventSink}. Candle times are the
 * commands' timestamps, so the same journal always gives the same candles. Intervals without trades
 * have no candle.
 */
public final class Candles implements EventSink {
  private final Map<Long, TreeMap<Long, Candle>> series = new HashMap<>();

  /** Replays a whole journal from the first command and collects the candles of its trades. */
  public static Candles fromJournal(Path journal) {
    Candles candles = new Candles();
    Engine engine = new Engine();
    JournalReader.read(journal, c -> engine.apply(c, candles));
    return candles;
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
    for (Interval interval : Interval.values()) {
      long start = interval.start(timestamp);
      series
          .computeIfAbsent(key(market, interval), k -> new TreeMap<>())
          .merge(
              start,
              new Candle(market, interval, start, price, price, price, price, size, quoteAmount, 1),
              (old, first) -> old.with(price, size, quoteAmount));
    }
  }

  /** The candles of one market and interval, oldest first. */
  public List<Candle> candles(int market, Interval interval) {
    TreeMap<Long, Candle> s = series.get(key(market, interval));
    return s == null ? List.of() : new ArrayList<>(s.values());
  }

  private static long key(int market, Interval interval) {
    return ((long) market << 8) | interval.ordinal();
  }
}

package io.stele.exchange.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.stele.exchange.engine.CancelReason;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.MarketInfo;
import io.stele.exchange.engine.Side;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Writes each engine event as one JSON object per line, tagged with the input line number. */
final class JsonEvents implements EventSink {
  private final JsonGenerator out;
  private final Engine engine;
  private final CommandParser names;
  private long line;

  JsonEvents(OutputStream stream, Engine engine, CommandParser names) {
    try {
      out = new JsonFactory().createGenerator(stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
    this.engine = engine;
    this.names = names;
  }

  void line(long number) {
    line = number;
  }

  @Override
  public void accepted(Command c) {
    write(
        g -> {
          start(g, "accepted");
          g.writeStringField("command", c.type.name().toLowerCase(Locale.ROOT));
          switch (c.type) {
            case ASSET -> g.writeStringField("asset", names.pendingName());
            case MARKET -> g.writeStringField("market", names.pendingName());
            case DEPOSIT, WITHDRAW -> {
              g.writeNumberField("account", c.account);
              g.writeStringField("asset", names.assets.name(c.asset));
              g.writeStringField(
                  "amount", Decimals.format(c.size, engine.assetDecimals(c.asset).orElseThrow()));
            }
            case PLACE -> {
              g.writeNumberField("account", c.account);
              g.writeNumberField("order", c.orderId);
            }
            case CANCEL, AMEND, AMEND_TOTAL -> g.writeNumberField("order", c.orderId);
            case AUCTION -> g.writeStringField("market", names.markets.name(c.market));
          }
        });
  }

  @Override
  public void rejected(Command command, String code, String message) {
    rejected(line, code, message);
  }

  void rejected(long lineNumber, String code, String message) {
    write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("line", lineNumber);
          g.writeStringField("event", "rejected");
          g.writeStringField("code", code);
          g.writeStringField("message", message);
        });
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
    MarketInfo m = engine.marketInfo(market).orElseThrow();
    write(
        g -> {
          start(g, "trade");
          g.writeNumberField("time", timestamp);
          g.writeStringField("market", names.markets.name(market));
          g.writeNumberField("maker_order", makerOrderId);
          g.writeNumberField("maker_account", makerAccount);
          g.writeNumberField("taker_order", takerOrderId);
          g.writeNumberField("taker_account", takerAccount);
          g.writeStringField("taker_side", takerSide.name().toLowerCase(Locale.ROOT));
          g.writeStringField("price", Decimals.format(price, m.quoteDecimals()));
          g.writeStringField("size", Decimals.format(size, m.baseDecimals()));
          g.writeStringField("value", Decimals.format(quoteAmount, m.quoteDecimals()));
          g.writeStringField("maker_fee", Decimals.format(makerFee, m.quoteDecimals()));
          g.writeStringField("taker_fee", Decimals.format(takerFee, m.quoteDecimals()));
        });
  }

  @Override
  public void auction(long timestamp, int market, long price, long size) {
    MarketInfo m = engine.marketInfo(market).orElseThrow();
    write(
        g -> {
          start(g, "auction");
          g.writeNumberField("time", timestamp);
          g.writeStringField("market", names.markets.name(market));
          g.writeStringField("price", Decimals.format(price, m.quoteDecimals()));
          g.writeStringField("size", Decimals.format(size, m.baseDecimals()));
        });
  }

  @Override
  public void auctionFill(
      long timestamp,
      int market,
      long orderId,
      long account,
      Side side,
      long price,
      long size,
      long value,
      long fee) {
    MarketInfo m = engine.marketInfo(market).orElseThrow();
    write(
        g -> {
          start(g, "auction_fill");
          g.writeNumberField("time", timestamp);
          g.writeStringField("market", names.markets.name(market));
          g.writeNumberField("order", orderId);
          g.writeNumberField("account", account);
          g.writeStringField("side", side.name().toLowerCase(Locale.ROOT));
          g.writeStringField("price", Decimals.format(price, m.quoteDecimals()));
          g.writeStringField("size", Decimals.format(size, m.baseDecimals()));
          g.writeStringField("value", Decimals.format(value, m.quoteDecimals()));
          g.writeStringField("fee", Decimals.format(fee, m.quoteDecimals()));
        });
  }

  @Override
  public void cancelled(
      long orderId, long account, int market, long remainingSize, CancelReason reason) {
    MarketInfo m = engine.marketInfo(market).orElseThrow();
    write(
        g -> {
          start(g, "cancelled");
          g.writeNumberField("order", orderId);
          g.writeNumberField("account", account);
          g.writeStringField("market", names.markets.name(market));
          g.writeStringField("size", Decimals.format(remainingSize, m.baseDecimals()));
          g.writeStringField("reason", reason.name().toLowerCase(Locale.ROOT));
        });
  }

  @Override
  public void amended(
      long orderId, long account, int market, long price, long size, boolean keptPriority) {
    MarketInfo m = engine.marketInfo(market).orElseThrow();
    write(
        g -> {
          start(g, "amended");
          g.writeNumberField("order", orderId);
          g.writeNumberField("account", account);
          g.writeStringField("market", names.markets.name(market));
          g.writeStringField("price", Decimals.format(price, m.quoteDecimals()));
          g.writeStringField("size", Decimals.format(size, m.baseDecimals()));
          g.writeBooleanField("kept_priority", keptPriority);
        });
  }

  void stateHash(String hex) {
    write(
        g -> {
          g.writeStartObject();
          g.writeStringField("state_hash", hex);
        });
  }

  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void start(JsonGenerator g, String event) throws IOException {
    g.writeStartObject();
    g.writeNumberField("line", line);
    g.writeStringField("event", event);
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private void write(Body body) {
    try {
      body.write(out);
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

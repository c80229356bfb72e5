package io.stele.exchange.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.CommandType;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EnginePropertiesTest;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.OrderType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The replay file is another door into the same engine: the JSON rendering of a command list,
 * replayed, ends in exactly the state of applying the commands directly.
 */
class ReplayPropertiesTest {
  static final String[] ASSETS = {"BTC", "USD"};
  static final int[] DECIMALS = {8, 2};
  static final String[] MARKETS = {"BTC-USD", "BTC-USD.2", "BTC-USD.batch"};

  @Property(tries = 60)
  void replayingTheJsonOfCommandsEqualsApplyingThem(
      @ForAll("commands") @Size(min = 20, max = 150) List<Command> cmds) {
    List<Command> all = new ArrayList<>(EnginePropertiesTest.setup());
    all.addAll(cmds);
    Engine direct = new Engine();
    StringBuilder file = new StringBuilder();
    for (Command c : all) {
      file.append(json(c)).append('\n');
      direct.apply(c, new EventSink() {});
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    String hash =
        new Replay()
            .run(
                new StringReader(file.toString()),
                new PrintStream(sink, true, StandardCharsets.UTF_8));
    assertThat(hash).isEqualTo(Bytes.wrap(direct.stateHash()).toHex());
  }

  @Provide
  Arbitrary<List<Command>> commands() {
    return EnginePropertiesTest.commandLists();
  }

  private static String dec(long minor, int decimals) {
    return "\"" + BigDecimal.valueOf(minor, decimals).toPlainString() + "\"";
  }

  /** Written out by hand from the documented format, independent of the parser. */
  private static String json(Command c) {
    String lower = c.type.name().toLowerCase(Locale.ROOT);
    return switch (c.type) {
      case ASSET ->
          String.format(
              "{\"type\":\"asset\",\"asset\":\"%s\",\"decimals\":%d}", ASSETS[c.asset], c.decimals);
      case MARKET ->
          String.format(
              "{\"type\":\"market\",\"market\":\"%s\",\"base\":\"%s\",\"quote\":\"%s\",\"tick\":%s,"
                  + "\"lot\":%s,\"maker_fee_bps\":%d,\"taker_fee_bps\":%d,\"self_trade\":\"%s\","
                  + "\"mode\":\"%s\"}",
              MARKETS[c.market],
              ASSETS[c.asset],
              ASSETS[c.quoteAsset],
              dec(c.price, DECIMALS[c.quoteAsset]),
              dec(c.size, DECIMALS[c.asset]),
              c.makerFeeBps,
              c.takerFeeBps,
              c.selfTrade.name().toLowerCase(Locale.ROOT),
              c.batch ? "batch" : "continuous");
      case DEPOSIT, WITHDRAW ->
          String.format(
              "{\"type\":\"%s\",\"account\":%d,\"asset\":\"%s\",\"amount\":%s}",
              lower, c.account, ASSETS[c.asset], dec(c.size, DECIMALS[c.asset]));
      case PLACE ->
          String.format(
              "{\"type\":\"place\",\"account\":%d,\"order\":%d,\"market\":\"%s\",\"side\":\"%s\","
                  + "\"order_type\":\"%s\",\"tif\":\"%s\",\"post_only\":%b,%s\"size\":%s}",
              c.account,
              c.orderId,
              MARKETS[c.market],
              c.side.name().toLowerCase(Locale.ROOT),
              c.orderType.name().toLowerCase(Locale.ROOT),
              c.timeInForce.name().toLowerCase(Locale.ROOT),
              c.postOnly,
              c.orderType == OrderType.LIMIT ? "\"price\":" + dec(c.price, 2) + "," : "",
              dec(c.size, 8));
      case AUCTION -> String.format("{\"type\":\"auction\",\"market\":\"%s\"}", MARKETS[c.market]);
      case CANCEL ->
          String.format("{\"type\":\"cancel\",\"account\":%d,\"order\":%d}", c.account, c.orderId);
      case AMEND, AMEND_TOTAL ->
          String.format(
              "{\"type\":\"amend\",\"account\":%d,\"order\":%d,\"price\":%s,\"%s\":%s}",
              c.account,
              c.orderId,
              dec(c.price, 2),
              c.type == CommandType.AMEND ? "size" : "total",
              dec(c.size, 8));
    };
  }
}

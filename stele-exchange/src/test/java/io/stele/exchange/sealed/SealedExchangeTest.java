package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealedExchangeTest {
  private static final KeyPair ALICE = KeyPair.fromSeed(seed(1));
  private static final KeyPair BOB = KeyPair.fromSeed(seed(2));
  private static final long A = SealedExchange.accountOf(ALICE.publicKey());
  private static final long B = SealedExchange.accountOf(BOB.publicKey());

  private static byte[] seed(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return seed;
  }

  /** BTC (8 decimals) / USD (2 decimals), tick 1.00 USD, lot 0.01 BTC, fees 1% maker, 2% taker. */
  static Engine start(long... accounts) {
    Engine engine = new Engine();
    EventSink none = new EventSink() {};
    engine.apply(Command.asset(0, 8), none);
    engine.apply(Command.asset(1, 2), none);
    engine.apply(
        Command.market(1, 0, 1, 100, 1_000_000, 100, 200, SelfTradePrevention.CANCEL_NEWEST), none);
    for (long account : accounts) {
      engine.apply(Command.deposit(account, 0, 100_000_000), none);
      engine.apply(Command.deposit(account, 1, 1_000_000), none);
    }
    return engine;
  }

  private static OrderPayload limit(long id, Side side, long price, long size) {
    return new OrderPayload.Place(
        id, 1, side, OrderType.LIMIT, TimeInForce.GTC, false, price, size);
  }

  private static OpenedBatch batch(long sequence, Object... clientsAndPayloads) {
    List<OpenedBatch.Order> orders = new ArrayList<>();
    for (int i = 0; i < clientsAndPayloads.length; i += 2) {
      PublicKey client = ((KeyPair) clientsAndPayloads[i]).publicKey();
      Object payload = clientsAndPayloads[i + 1];
      byte[] bytes =
          payload instanceof OrderPayload p ? p.encode() : (byte[]) clientsAndPayloads[i + 1];
      orders.add(new OpenedBatch.Order(i / 2, client, i, Bytes.wrap(bytes)));
    }
    return new OpenedBatch(sequence, Bytes.wrap(new byte[32]), orders, List.of());
  }

  private static List<String> codes(BatchOutcome outcome) {
    return outcome.results().stream().map(r -> r.position() + ":" + r.code()).toList();
  }

  @Test
  void theAccountIsTheFirstEightBytesOfTheKeysDomainHash() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("stele.exchange.account".getBytes(StandardCharsets.UTF_8));
    byte[] hash = sha.digest(ALICE.publicKey().bytes().toArray());
    assertThat(A).isEqualTo(ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE).isPositive();
    assertThat(B).isNotEqualTo(A);
  }

  @Test
  void crossingOrdersOfTwoClientsTradeAndResultsFollowTheSealedOrder() {
    SealedExchange exchange = new SealedExchange(start(A, B));
    BatchOutcome outcome =
        exchange.apply(
            batch(
                1,
                ALICE,
                limit(1, Side.SELL, 10_000, 3_000_000),
                BOB,
                limit(2, Side.BUY, 10_100, 2_000_000),
                BOB,
                new byte[] {1, 9},
                BOB,
                new OrderPayload.Cancel(1),
                ALICE,
                new OrderPayload.Cancel(1)));

    assertThat(codes(outcome))
        .containsExactly(
            "0:accepted", "1:accepted", "2:order.payload", "3:order.not_owner", "4:accepted");
    assertThat(outcome.results().get(2).message())
        .isEqualTo("order payload: kind 9 is not 0 (place), 1 (cancel), 2 (amend)");
    // 2 lots at 100 ticks of 1 cent: 200 cents; maker fee 1% = 2, taker fee 2% = 4.
    assertThat(outcome.trades())
        .containsExactly(
            new BatchOutcome.Trade(1, 1, A, 2, B, Side.BUY, 10_000, 2_000_000, 200, 2, 4));
    assertThat(exchange.engine().available(B, 0)).isEqualTo(102_000_000);
    assertThat(outcome.stateHash()).isEqualTo(Bytes.wrap(exchange.engine().stateHash()));
  }

  @Test
  void theSealedOrderDecidesWhoIsTheMaker() {
    BatchOutcome outcome =
        new SealedExchange(start(A, B))
            .apply(
                batch(
                    1,
                    BOB,
                    limit(2, Side.BUY, 10_100, 2_000_000),
                    ALICE,
                    limit(1, Side.SELL, 10_000, 3_000_000)));
    assertThat(outcome.trades())
        .containsExactly(
            new BatchOutcome.Trade(1, 2, B, 1, A, Side.SELL, 10_100, 2_000_000, 202, 2, 4));
  }

  @Test
  void theSameBatchesGiveTheSameOutcomes() {
    OpenedBatch first = batch(1, ALICE, limit(1, Side.SELL, 10_000, 3_000_000));
    OpenedBatch second = batch(2, BOB, limit(2, Side.BUY, 10_000, 1_000_000));
    SealedExchange one = new SealedExchange(start(A, B));
    SealedExchange two = new SealedExchange(start(A, B));
    assertThat(List.of(one.apply(first), one.apply(second)))
        .isEqualTo(List.of(two.apply(first), two.apply(second)));
  }
}

package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OrderPayloadTest {
  private static byte[] hex(String text) {
    return Bytes.fromHex(text).toArray();
  }

  @Test
  void aPlaceHasTheDocumentedLayout() {
    OrderPayload place =
        new OrderPayload.Place(
            7, 258, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, true, 10_000, 2_000_000);
    assertThat(Bytes.wrap(place.encode()).toHex())
        .isEqualTo(
            "01"
                + "00"
                + "0000000000000007"
                + "0102"
                + "01"
                + "00"
                + "01"
                + "01"
                + "0000000000002710"
                + "00000000001e8480");
  }

  @Test
  void cancelAndAmendHaveTheDocumentedLayout() {
    assertThat(OrderPayload.parse(hex("0101000000000000000a")))
        .isEqualTo(new OrderPayload.Cancel(10));
    assertThat(
            OrderPayload.parse(
                hex("0102" + "0000000000000001" + "0000000000000064" + "0000000000000003")))
        .isEqualTo(new OrderPayload.Amend(1, 100, 3));
  }

  @Test
  void malformedPayloadsAreRejectedNamingTheField() {
    assertRejected("02", "order payload: version 2 is not 1");
    assertRejected(
        "0101000000000000000a00", "order payload: order payload: 1 unexpected trailing bytes");
    assertRejected("010100", "order payload: order id: needs 8 bytes at offset 2");
    assertRejected(
        "0100"
            + "0000000000000001"
            + "0001"
            + "02"
            + "00"
            + "00"
            + "00"
            + "0000000000000001"
            + "0000000000000001",
        "order payload: side 2 is not below 2");
    assertRejected(
        "0100"
            + "0000000000000001"
            + "0001"
            + "00"
            + "01"
            + "01"
            + "00"
            + "0000000000000001"
            + "0000000000000001",
        "order payload: a market order carries price 0, not 1");
    assertRejected("0101ffffffffffffffff", "order payload: order id: must not be negative, got -1");
  }

  private static void assertRejected(String hex, String message) {
    assertThatThrownBy(() -> OrderPayload.parse(hex(hex)))
        .isInstanceOf(SteleException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(((SteleException) e).code()).isEqualTo("order.payload"));
  }

  @Property
  void everyPayloadParsesBackToItself(@ForAll("payloads") OrderPayload payload) {
    assertThat(OrderPayload.parse(payload.encode())).isEqualTo(payload);
  }

  @Provide
  Arbitrary<OrderPayload> payloads() {
    Arbitrary<Long> ids = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<OrderPayload> place =
        Combinators.combine(
                ids,
                Arbitraries.integers().between(0, 65535),
                Arbitraries.of(Side.class),
                Arbitraries.of(TimeInForce.class),
                Arbitraries.of(true, false),
                ids,
                ids)
            .as(
                (id, market, side, tif, market0, price, size) ->
                    market0
                        ? new OrderPayload.Place(
                            id, market, side, OrderType.MARKET, tif, false, 0, size)
                        : new OrderPayload.Place(
                            id, market, side, OrderType.LIMIT, tif, true, price, size));
    Arbitrary<OrderPayload> cancel = ids.map(OrderPayload.Cancel::new);
    Arbitrary<OrderPayload> amend = Combinators.combine(ids, ids, ids).as(OrderPayload.Amend::new);
    return Arbitraries.oneOf(place, cancel, amend);
  }
}

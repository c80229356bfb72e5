package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.MarketInfo;
import io.stele.exchange.engine.SelfTradePrevention;
import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FixDecimalsTest {
  /** BTC (8 decimals) / USD (2): tick 0.50 USD, lot 0.02 BTC: one lot at one tick is 1 cent. */
  private static final MarketInfo BTC_USD =
      new MarketInfo(0, 0, 1, 8, 2, 50, 2_000_000, 0, 0, SelfTradePrevention.CANCEL_NEWEST, false);

  /** A market whose base has no decimals and whose quote has 6. */
  private static final MarketInfo WIDGETS =
      new MarketInfo(1, 2, 3, 0, 6, 1_000, 10, 0, 0, SelfTradePrevention.CANCEL_NEWEST, false);

  @Property
  void pricesOnTheTickRoundTrip(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long ticks) {
    long minor = ticks * BTC_USD.tickSize();
    String text = new BigDecimal(minor).movePointLeft(2).toPlainString();
    assertThat(FixDecimals.price(text, BTC_USD, "Price(44)")).isEqualTo(minor);
    assertThat(FixDecimals.price(minor, BTC_USD)).isEqualTo(text);
  }

  @Property
  void quantitiesOnTheLotRoundTrip(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long lots) {
    long minor = lots * BTC_USD.lotSize();
    String text = new BigDecimal(minor).movePointLeft(8).toPlainString();
    assertThat(FixDecimals.quantity(text, BTC_USD, "OrderQty(38)")).isEqualTo(minor);
    assertThat(FixDecimals.quantity(minor, BTC_USD)).isEqualTo(text);
  }

  @Property
  void pricesOffTheTickAreRefused(
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long ticks,
      @ForAll @LongRange(min = 1, max = 49) long off) {
    String text = new BigDecimal(ticks * 50 + off).movePointLeft(2).toPlainString();
    assertThatThrownBy(() -> FixDecimals.price(text, BTC_USD, "Price(44)"))
        .isInstanceOf(SteleException.class)
        .hasMessage("Price(44) " + text + " is not a multiple of the tick size 0.50");
  }

  @Property
  void theAverageOfFillsAtOnePriceIsThatPrice(
      @ForAll @LongRange(min = 1, max = 10_000_000) long ticks,
      @ForAll @LongRange(min = 1, max = 10_000_000) long lots) {
    // One lot at one tick is 1 cent, so the fills are worth lots x ticks cents.
    String average = FixDecimals.averagePrice(lots * ticks, lots * BTC_USD.lotSize(), BTC_USD);
    assertThat(average).isEqualTo(new BigDecimal(ticks * 50).movePointLeft(2).toPlainString());
  }

  @Test
  void averagesAreExactOrRoundedHalfEvenEightDigitsPastThePrice() {
    // 0.10 BTC at 30000 and 0.30 at 29999 cost 1,199,970 cents for 0.40 BTC.
    assertThat(FixDecimals.averagePrice(1_199_970, 40_000_000, BTC_USD)).isEqualTo("29999.25");
    // 1.00 USD for 3 BTC: 0.3333333333... rounded at 2 + 8 digits.
    assertThat(FixDecimals.averagePrice(100, 300_000_000, BTC_USD)).isEqualTo("0.3333333333");
    // 2.00 USD for 3 BTC: 0.6666666666|6... rounds up.
    assertThat(FixDecimals.averagePrice(200, 300_000_000, BTC_USD)).isEqualTo("0.6666666667");
    assertThat(FixDecimals.averagePrice(0, 0, BTC_USD)).isEqualTo("0.00");
    // 7 widgets for 21.000000: 3.000000 each.
    assertThat(FixDecimals.averagePrice(21_000_000, 7, WIDGETS)).isEqualTo("3.000000");
  }

  @Test
  void malformedOrNonPositiveValuesAreRefusedWithTheirCode() {
    assertCode(() -> FixDecimals.price("-1", BTC_USD, "Price(44)"), "amount.format");
    assertCode(() -> FixDecimals.price("1e3", BTC_USD, "Price(44)"), "amount.format");
    assertCode(() -> FixDecimals.price("0.00", BTC_USD, "Price(44)"), "order.price");
    assertCode(() -> FixDecimals.price("1.001", BTC_USD, "Price(44)"), "amount.precision");
    assertCode(
        () -> FixDecimals.price("99999999999999999999", BTC_USD, "Price(44)"), "amount.range");
    assertCode(() -> FixDecimals.quantity("0", BTC_USD, "OrderQty(38)"), "order.size");
    assertCode(() -> FixDecimals.quantity("5", WIDGETS, "OrderQty(38)"), "order.lot");
    assertCode(() -> FixDecimals.quantity("1.5", WIDGETS, "OrderQty(38)"), "amount.precision");
  }

  private static void assertCode(Runnable call, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SteleException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}

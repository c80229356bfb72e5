package io.stele.api.fix;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.MarketInfo;
import io.stele.exchange.replay.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * FIX decimal fields to and from a market's minor units, exactly. A price is read with the quote
 * asset's decimals and must be a positive multiple of the tick; a quantity with the base asset's
 * decimals and a positive multiple of the lot. Nothing is rounded on the way in.
 */
final class FixDecimals {
  /** Digits an average price carries beyond the quote asset's when it is not exact. */
  static final int AVERAGE_EXTRA_DIGITS = 8;

  private FixDecimals() {}

  static long price(String text, MarketInfo m, String field) {
    long price = Decimals.parse(text, m.quoteDecimals(), field);
    if (price <= 0) {
      throw new SteleException("order.price", field + " must be positive, got " + text);
    }
    if (price % m.tickSize() != 0) {
      throw new SteleException(
          "order.tick",
          field + " " + text + " is not a multiple of the tick size " + price(m.tickSize(), m));
    }
    return price;
  }

  static long quantity(String text, MarketInfo m, String field) {
    long quantity = Decimals.parse(text, m.baseDecimals(), field);
    if (quantity <= 0) {
      throw new SteleException("order.size", field + " must be positive, got " + text);
    }
    if (quantity % m.lotSize() != 0) {
      throw new SteleException(
          "order.lot",
          field + " " + text + " is not a multiple of the lot size " + quantity(m.lotSize(), m));
    }
    return quantity;
  }

  static String price(long minor, MarketInfo m) {
    return Decimals.format(minor, m.quoteDecimals());
  }

  static String quantity(long minor, MarketInfo m) {
    return Decimals.format(minor, m.baseDecimals());
  }

  /**
   * The average price of fills worth {@code value} quote minor units for {@code quantity} base
   * minor units: exact when it has at most the quote asset's decimals plus {@value
   * #AVERAGE_EXTRA_DIGITS}, otherwise rounded half-even there; never fewer decimals than a price.
   */
  static String averagePrice(long value, long quantity, MarketInfo m) {
    if (quantity == 0) {
      return price(0, m);
    }
    BigDecimal average =
        BigDecimal.valueOf(value)
            .scaleByPowerOfTen(m.baseDecimals() - m.quoteDecimals())
            .divide(
                BigDecimal.valueOf(quantity),
                m.quoteDecimals() + AVERAGE_EXTRA_DIGITS,
                RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    if (average.scale() < m.quoteDecimals()) {
      average = average.setScale(m.quoteDecimals());
    }
    return average.toPlainString();
  }
}

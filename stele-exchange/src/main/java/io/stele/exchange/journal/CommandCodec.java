package io.stele.exchange.journal;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.CommandType;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.nio.ByteBuffer;

/**
 * The journal's encoding of a command: every field, always, at full width, in a fixed 79-byte
 * big-endian layout (docs/exchange.md). Fixed width keeps encoding allocation-free and makes a
 * replayed command bit-for-bit the command that was first applied, rejected ones included.
 */
public final class CommandCodec {
  public static final int SIZE = 79;

  private static final CommandType[] TYPES = CommandType.values();
  private static final Side[] SIDES = Side.values();
  private static final OrderType[] ORDER_TYPES = OrderType.values();
  private static final TimeInForce[] TIFS = TimeInForce.values();
  private static final SelfTradePrevention[] STPS = SelfTradePrevention.values();

  private CommandCodec() {}

  public static void encode(Command c, ByteBuffer out) {
    out.put((byte) c.type.ordinal())
        .putLong(c.sequence)
        .putLong(c.timestamp)
        .putLong(c.account)
        .putLong(c.orderId)
        .putInt(c.market)
        .putInt(c.asset)
        .putInt(c.quoteAsset)
        .putInt(c.decimals)
        .put((byte) c.side.ordinal())
        .put((byte) c.orderType.ordinal())
        .put((byte) c.timeInForce.ordinal())
        .put((byte) (c.postOnly ? 1 : 0))
        .putLong(c.price)
        .putLong(c.size)
        .putInt(c.makerFeeBps)
        .putInt(c.takerFeeBps)
        .put((byte) c.selfTrade.ordinal())
        .put((byte) (c.batch ? 1 : 0));
  }

  /** Reads {@link #SIZE} bytes into {@code c}; refuses unknown enum values. */
  public static Command decode(ByteBuffer in, Command c) {
    c.type = pick(TYPES, in.get(), "command type");
    c.sequence = in.getLong();
    c.timestamp = in.getLong();
    c.account = in.getLong();
    c.orderId = in.getLong();
    c.market = in.getInt();
    c.asset = in.getInt();
    c.quoteAsset = in.getInt();
    c.decimals = in.getInt();
    c.side = pick(SIDES, in.get(), "side");
    c.orderType = pick(ORDER_TYPES, in.get(), "order type");
    c.timeInForce = pick(TIFS, in.get(), "time in force");
    c.postOnly = flag(in.get(), "post-only");
    c.price = in.getLong();
    c.size = in.getLong();
    c.makerFeeBps = in.getInt();
    c.takerFeeBps = in.getInt();
    c.selfTrade = pick(STPS, in.get(), "self-trade prevention");
    c.batch = flag(in.get(), "batch");
    return c;
  }

  private static boolean flag(byte b, String field) {
    if (b != 0 && b != 1) {
      throw new SteleException("journal.corrupt", field + " flag " + b + " is not 0 or 1");
    }
    return b == 1;
  }

  private static <T> T pick(T[] values, byte b, String field) {
    if (b < 0 || b >= values.length) {
      throw new SteleException("journal.corrupt", field + " " + b + " is out of range");
    }
    return values[b];
  }
}

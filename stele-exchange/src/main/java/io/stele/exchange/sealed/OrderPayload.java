package io.stele.exchange.sealed;

import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.codec.CodecException;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;

/**
 * The plaintext inside a sealed envelope (version 1, big-endian, docs/sealed-batches.md): a place,
 * cancel or amend. It names no account: the exchange acts for the account of the envelope's signing
 * key, so a client can only ever act on its own account.
 */
public sealed interface OrderPayload {
  /** A payload that does not parse; the order is rejected with this code and changes nothing. */
  String MALFORMED = "order.payload";

  int VERSION = 1;

  /** The engine command this payload asks for, on behalf of {@code account}. */
  Command toCommand(long account);

  byte[] encode();

  /** Place an order. {@code price} is ignored for market orders and must then be 0. */
  record Place(
      long orderId,
      int market,
      Side side,
      OrderType type,
      TimeInForce timeInForce,
      boolean postOnly,
      long price,
      long size)
      implements OrderPayload {
    @Override
    public Command toCommand(long account) {
      Command c =
          type == OrderType.MARKET
              ? Command.marketOrder(account, orderId, market, side, size, timeInForce)
              : Command.limit(account, orderId, market, side, price, size, timeInForce);
      return c.postOnly(postOnly);
    }

    @Override
    public byte[] encode() {
      return new ByteWriter(32)
          .u8(VERSION)
          .u8(0)
          .i64(orderId)
          .u16(market)
          .u8(side.ordinal())
          .u8(type.ordinal())
          .u8(timeInForce.ordinal())
          .u8(postOnly ? 1 : 0)
          .i64(price)
          .i64(size)
          .toByteArray();
    }
  }

  /** Cancel one of the client's own resting orders. */
  record Cancel(long orderId) implements OrderPayload {
    @Override
    public Command toCommand(long account) {
      return Command.cancel(account, orderId);
    }

    @Override
    public byte[] encode() {
      return new ByteWriter(10).u8(VERSION).u8(1).i64(orderId).toByteArray();
    }
  }

  /** Set a new price and remaining size on one of the client's own resting orders. */
  record Amend(long orderId, long price, long size) implements OrderPayload {
    @Override
    public Command toCommand(long account) {
      return Command.amend(account, orderId, price, size);
    }

    @Override
    public byte[] encode() {
      return new ByteWriter(26).u8(VERSION).u8(2).i64(orderId).i64(price).i64(size).toByteArray();
    }
  }

  /** Parses exactly one payload; anything else throws {@link #MALFORMED} naming the field. */
  static OrderPayload parse(byte[] bytes) {
    ByteReader in = new ByteReader(bytes);
    try {
      int version = in.u8("version");
      if (version != VERSION) {
        throw malformed("version " + version + " is not " + VERSION);
      }
      int kind = in.u8("kind");
      OrderPayload payload =
          switch (kind) {
            case 0 -> place(in);
            case 1 -> new Cancel(in.u63("order id"));
            case 2 -> new Amend(in.u63("order id"), in.u63("price"), in.u63("size"));
            default -> throw malformed("kind " + kind + " is not 0 (place), 1 (cancel), 2 (amend)");
          };
      in.end("order payload");
      return payload;
    } catch (CodecException e) {
      throw malformed(e.getMessage());
    }
  }

  private static Place place(ByteReader in) {
    long orderId = in.u63("order id");
    int market = in.u16("market");
    Side side = pick(Side.values(), in.u8("side"), "side");
    OrderType type = pick(OrderType.values(), in.u8("order type"), "order type");
    TimeInForce tif = pick(TimeInForce.values(), in.u8("time in force"), "time in force");
    boolean postOnly = pick(new Boolean[] {false, true}, in.u8("post-only"), "post-only");
    long price = in.u63("price");
    long size = in.u63("size");
    if (type == OrderType.MARKET && price != 0) {
      throw malformed("a market order carries price 0, not " + price);
    }
    return new Place(orderId, market, side, type, tif, postOnly, price, size);
  }

  private static <T> T pick(T[] values, int value, String field) {
    if (value >= values.length) {
      throw malformed(field + " " + value + " is not below " + values.length);
    }
    return values[value];
  }

  private static SteleException malformed(String message) {
    return new SteleException(MALFORMED, "order payload: " + message);
  }
}

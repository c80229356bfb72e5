package io.stele.exchange.engine;

import io.stele.core.codec.ByteReader;
import io.stele.core.error.SteleException;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The canonical dump of an engine: every asset, market, account balance and resting order, in a
 * fixed order, big-endian. It is both the snapshot body and what {@link Engine#stateHash()} hashes,
 * so two engines with equal dumps behave identically from then on. Both are written by the same
 * code; the hash streams the bytes through SHA-256 instead of collecting them. Layout
 * (docs/exchange.md):
 *
 * <pre>
 * u32 magic "STLX", u8 version 2
 * u32 n; n x asset   (id ascending):  u16 id, u8 decimals, i64 supply
 * u32 n; n x market  (id ascending):  u32 id, u16 base, u16 quote, i64 tick size, i64 lot size,
 *                                      u16 maker bps, u16 taker bps, u8 self-trade (0 newest, 1 oldest),
 *                                      u8 batch (1 for a batch auction market)
 * u32 n; n x account (id ascending):  i64 id, u16 k; k x (u16 asset, i64 available, i64 reserved)
 *                                      for each asset id below the account's table size
 *                                      whose available or reserved is not zero
 * for each market (id ascending), bids then asks:
 *   u32 levels; per level best first: i64 price (ticks), u32 orders;
 *     per order oldest first: i64 id, i64 account, i64 lots, i64 filled lots, i64 reserved,
 *                             u8 flags (1 post-only, 2 IOC in a batch market), i64 timestamp
 * </pre>
 */
public final class StateDump {
  private static final long MAGIC = 0x53544C58L;
  private static final int VERSION = 2;

  private StateDump() {}

  /** The dump as one byte array: the snapshot body. */
  public static byte[] write(Engine e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    write(e, new Out(bytes::write));
    return bytes.toByteArray();
  }

  /**
   * SHA-256 of the dump, streamed through the digest in small pieces: the dump grows with every
   * resting order and is hashed after each batch, so it is never built whole for this.
   */
  static byte[] sha256(Engine e) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
    }
    write(e, new Out(digest::update));
    return digest.digest();
  }

  private static void write(Engine e, Out w) {
    w.u32(MAGIC).u8(VERSION);
    int assets = 0;
    for (Asset a : e.assets) {
      assets += a == null ? 0 : 1;
    }
    w.u32(assets);
    for (Asset a : e.assets) {
      if (a != null) {
        w.u16(a.id).u8(a.decimals).i64(a.supply);
      }
    }
    int markets = 0;
    for (Market m : e.markets) {
      markets += m == null ? 0 : 1;
    }
    w.u32(markets);
    for (Market m : e.markets) {
      if (m != null) {
        w.u32(m.id).u16(m.base.id).u16(m.quote.id).i64(m.tickSize).i64(m.lotSize);
        w.u16(m.makerFeeBps).u16(m.takerFeeBps).u8(m.selfTrade.ordinal()).u8(m.batch ? 1 : 0);
      }
    }
    long[] ids = e.accounts.sortedKeys();
    w.u32(ids.length);
    for (long id : ids) {
      Account a = e.accounts.get(id);
      int k = 0;
      for (int i = 0; i < a.available.length; i++) {
        k += a.available[i] != 0 || a.reserved[i] != 0 ? 1 : 0;
      }
      w.i64(id).u16(k);
      for (int i = 0; i < a.available.length; i++) {
        if (a.available[i] != 0 || a.reserved[i] != 0) {
          w.u16(i).i64(a.available[i]).i64(a.reserved[i]);
        }
      }
    }
    for (Market m : e.markets) {
      if (m != null) {
        writeSide(w, m.bids);
        writeSide(w, m.asks);
      }
    }
    w.flush();
  }

  private static void writeSide(Out w, BookSide side) {
    w.u32(side.levelCount());
    for (int i = 0; i < side.levelCount(); i++) {
      PriceLevel level = side.level(i);
      w.i64(level.price).u32(level.count);
      for (Order o = level.head; o != null; o = o.next) {
        w.i64(o.id).i64(o.owner.id).i64(o.lots).i64(o.filled).i64(o.reserved);
        w.u8((o.postOnly ? 1 : 0) | (o.ioc ? 2 : 0)).i64(o.timestamp);
      }
    }
  }

  /** Where {@link Out} hands each full piece: a digest or a byte array stream. */
  private interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  /** Big-endian writer over one small buffer, handed to its sink whenever it fills. */
  private static final class Out {
    private static final int PIECE = 1 << 14;
    private static final VarHandle LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buffer = new byte[PIECE];
    private final Sink sink;
    private int size;

    Out(Sink sink) {
      this.sink = sink;
    }

    private void room(int bytes) {
      if (size + bytes > PIECE) {
        flush();
      }
    }

    void flush() {
      sink.accept(buffer, 0, size);
      size = 0;
    }

    Out u8(int value) {
      room(1);
      buffer[size++] = (byte) value;
      return this;
    }

    Out u16(int value) {
      room(2);
      buffer[size++] = (byte) (value >>> 8);
      buffer[size++] = (byte) value;
      return this;
    }

    Out u32(long value) {
      room(4);
      INT.set(buffer, size, (int) value);
      size += 4;
      return this;
    }

    Out i64(long value) {
      room(8);
      LONG.set(buffer, size, value);
      size += 8;
      return this;
    }
  }

  /** Rebuilds an engine from a dump; rejects anything that is not a well-formed dump. */
  public static Engine read(byte[] dump) {
    ByteReader r = new ByteReader(dump);
    if (r.u32("magic") != MAGIC || r.u8("version") != VERSION) {
      throw new SteleException(
          "snapshot.format", "not a version " + VERSION + " exchange state dump");
    }
    Engine e = new Engine();
    Command c = new Command();
    Strict strict = new Strict();
    long assets = r.u32("asset count");
    for (long i = 0; i < assets; i++) {
      c.type = CommandType.ASSET;
      c.asset = r.u16("asset id");
      c.decimals = r.u8("decimals");
      e.apply(c, strict);
      e.assets[c.asset].supply = r.i64("supply");
    }
    long markets = r.u32("market count");
    for (long i = 0; i < markets; i++) {
      c.type = CommandType.MARKET;
      c.market = (int) r.u32("market id");
      c.asset = r.u16("base");
      c.quoteAsset = r.u16("quote");
      c.price = r.i64("tick size");
      c.size = r.i64("lot size");
      c.makerFeeBps = r.u16("maker fee");
      c.takerFeeBps = r.u16("taker fee");
      c.selfTrade = SelfTradePrevention.values()[Math.min(r.u8("self-trade"), 1)];
      c.batch = r.u8("batch") != 0;
      e.apply(c, strict);
    }
    long accounts = r.u32("account count");
    for (long i = 0; i < accounts; i++) {
      long id = r.i64("account id");
      Account a = id == Engine.FEE_ACCOUNT ? e.fees : new Account(id, 1);
      e.accounts.put(id, a);
      int k = r.u16("balance count");
      for (int j = 0; j < k; j++) {
        int asset = r.u16("balance asset");
        a.ensure(asset);
        a.available[asset] = r.i64("available");
        a.reserved[asset] = r.i64("reserved");
      }
    }
    for (Market m : e.markets) {
      if (m != null) {
        readSide(r, e, m, m.bids);
        readSide(r, e, m, m.asks);
      }
    }
    r.end("exchange state dump");
    return e;
  }

  private static void readSide(ByteReader r, Engine e, Market m, BookSide side) {
    long levels = r.u32("level count");
    for (long i = 0; i < levels; i++) {
      long price = r.i64("level price");
      long count = r.u32("order count");
      // Levels come best first; appending each one below the previous keeps the array sorted.
      PriceLevel level = new PriceLevel();
      level.price = price;
      side.insert(level);
      for (long j = 0; j < count; j++) {
        Order o = new Order();
        o.id = r.i64("order id");
        o.marketId = m.id;
        o.side = side.side;
        o.owner = e.accounts.get(r.i64("order account"));
        if (o.owner == null) {
          throw new SteleException(
              "snapshot.format", "order " + o.id + " names an unknown account");
        }
        o.price = price;
        o.lots = r.i64("order lots");
        o.filled = r.i64("order filled lots");
        o.reserved = r.i64("order reserved");
        int flags = r.u8("flags");
        o.postOnly = (flags & 1) != 0;
        o.ioc = (flags & 2) != 0;
        o.timestamp = r.i64("order timestamp");
        level.append(o);
        e.orders.put(o.id, o);
      }
    }
  }

  /** Restoring replays definitions through the engine; any refusal means a corrupt dump. */
  private static final class Strict implements EventSink {
    @Override
    public void rejected(Command command, String code, String message) {
      throw new SteleException("snapshot.format", "dump holds an invalid definition: " + message);
    }
  }
}

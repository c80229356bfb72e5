package io.stele.exchange.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

/**
 * Pins the canonical dump to the layout docs/exchange.md publishes: the expected bytes are written
 * here field by field from that layout and the commands the test ran, not by the engine. The state
 * hash is checked against SHA-256 of those bytes, computed with the JDK's digest.
 */
class StateDumpTest {
  private static final int BASE = 0;
  private static final int QUOTE = 1;
  private static final int MARKET = 3;
  private static final int AUCTION_MARKET = 5;
  private static final long TICK = 100;
  private static final long LOT = 1_000_000;
  private static final long SELLER = 7;
  private static final long BUYER = 9;
  private static final long SELLER_BASE = 1L << 40;
  private static final long BUYER_QUOTE = 1_000_000;

  /** An engine with two markets, a seller of {@code sells} one-lot asks and one one-lot bid. */
  private static Engine engine(int sells) {
    Engine e = new Engine();
    EventSink none = new EventSink() {};
    e.apply(Command.asset(BASE, 8), none);
    e.apply(Command.asset(QUOTE, 2), none);
    e.apply(
        Command.market(MARKET, BASE, QUOTE, TICK, LOT, 0, 0, SelfTradePrevention.CANCEL_NEWEST),
        none);
    e.apply(
        Command.market(
                AUCTION_MARKET, BASE, QUOTE, TICK, LOT, 3, 4, SelfTradePrevention.CANCEL_OLDEST)
            .batch(true),
        none);
    e.apply(Command.deposit(SELLER, BASE, SELLER_BASE), none);
    e.apply(Command.deposit(BUYER, QUOTE, BUYER_QUOTE), none);
    Command bid = Command.limit(BUYER, 1, MARKET, Side.BUY, 50 * TICK, LOT, TimeInForce.GTC);
    bid.timestamp = 11;
    e.apply(bid, none);
    for (int i = 0; i < sells; i++) {
      Command ask =
          Command.limit(
              SELLER, 100 + i, MARKET, Side.SELL, askTicks(i) * TICK, LOT, TimeInForce.GTC);
      ask.timestamp = 1_000 + i;
      e.apply(ask.postOnly(i % 3 == 0), none);
    }
    return e;
  }

  private static long askTicks(int i) {
    return 60 + i % 7;
  }

  /** The dump of {@link #engine}, written from the documented layout. */
  private static byte[] expected(int sells) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes); // big-endian
    out.writeInt(0x53544C58); // "STLX"
    out.writeByte(2);
    out.writeInt(2); // assets: id, decimals, supply
    out.writeShort(BASE);
    out.writeByte(8);
    out.writeLong(SELLER_BASE);
    out.writeShort(QUOTE);
    out.writeByte(2);
    out.writeLong(BUYER_QUOTE);
    out.writeInt(2); // markets by id
    for (int market : new int[] {MARKET, AUCTION_MARKET}) {
      boolean auction = market == AUCTION_MARKET;
      out.writeInt(market);
      out.writeShort(BASE);
      out.writeShort(QUOTE);
      out.writeLong(TICK);
      out.writeLong(LOT);
      out.writeShort(auction ? 3 : 0);
      out.writeShort(auction ? 4 : 0);
      out.writeByte(auction ? 1 : 0);
      out.writeByte(auction ? 1 : 0);
    }
    // The bid of one lot at 50.00 holds 50.00 x 0.01 = 0.50 in quote cents: 50.
    long bidReserve = 50;
    out.writeInt(3); // accounts by id: the fee account (nothing held), the seller, the buyer
    out.writeLong(Engine.FEE_ACCOUNT);
    out.writeShort(0);
    out.writeLong(SELLER);
    out.writeShort(1);
    out.writeShort(BASE);
    out.writeLong(SELLER_BASE - sells * LOT);
    out.writeLong(sells * LOT);
    out.writeLong(BUYER);
    out.writeShort(1);
    out.writeShort(QUOTE);
    out.writeLong(BUYER_QUOTE - bidReserve);
    out.writeLong(bidReserve);
    // Market 3: bids (one level), asks best (lowest) first, each level oldest first.
    out.writeInt(1);
    out.writeLong(50);
    out.writeInt(1);
    order(out, 1, BUYER, bidReserve, false, 11);
    int levels = Math.min(sells, 7);
    out.writeInt(levels);
    for (int level = 0; level < levels; level++) {
      int count = 0;
      for (int i = level; i < sells; i += 7) {
        count++;
      }
      out.writeLong(60 + level);
      out.writeInt(count);
      for (int i = level; i < sells; i += 7) {
        order(out, 100 + i, SELLER, LOT, i % 3 == 0, 1_000 + i);
      }
    }
    out.writeInt(0); // market 5: no bids
    out.writeInt(0); // and no asks
    return bytes.toByteArray();
  }

  private static void order(
      DataOutputStream out, long id, long account, long reserved, boolean postOnly, long time)
      throws IOException {
    out.writeLong(id);
    out.writeLong(account);
    out.writeLong(1); // lots
    out.writeLong(0); // filled lots
    out.writeLong(reserved);
    out.writeByte(postOnly ? 1 : 0);
    out.writeLong(time);
  }

  private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @Test
  void aSmallDumpHasTheDocumentedBytesAndTheStateHashIsTheirSha256() throws Exception {
    Engine e = engine(9);
    byte[] expected = expected(9);
    assertThat(StateDump.write(e)).isEqualTo(expected);
    assertThat(e.stateHash()).isEqualTo(sha256(expected));
  }

  @Test
  void aDumpOfThousandsOfOrdersHasTheDocumentedBytesAndTheStateHashIsTheirSha256()
      throws Exception {
    // About 245 kB: well past any buffer a writer would hand on in pieces.
    Engine e = engine(5_000);
    byte[] expected = expected(5_000);
    assertThat(expected.length).isGreaterThan(200_000);
    assertThat(StateDump.write(e)).isEqualTo(expected);
    assertThat(e.stateHash()).isEqualTo(sha256(expected));
  }

  @Test
  void anEmptyEngineDumpsItsHeaderAndTheFeeAccount() throws Exception {
    byte[] expected = {
      0x53, 0x54, 0x4C, 0x58, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    assertThat(StateDump.write(new Engine())).isEqualTo(expected);
    assertThat(new Engine().stateHash()).isEqualTo(sha256(expected));
  }
}

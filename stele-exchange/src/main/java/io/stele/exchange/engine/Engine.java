package io.stele.exchange.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The matching engine: assets, markets with their order books, and account balances in one
 * deterministic state machine. {@link #apply} takes a command and reports its events to a sink; the
 * same commands in the same order always give the same events and the same {@link #stateHash()}. It
 * reads no clock and no randomness, and allocates nothing per command once its pools are warm. Not
 * thread safe: one business thread owns it.
 *
 * <p>Every rejection is reported with a stable code and changes nothing. Funds are reserved when an
 * order is accepted, released when it leaves the book, and moved when it trades; the sum of each
 * asset over all accounts (fee account and reservations included) only changes by deposits and
 * withdrawals.
 */
public final class Engine {
  /** The account that collects fees. Commands may not name it. */
  public static final long FEE_ACCOUNT = 0;

  public static final int MAX_ASSETS = 1 << 10;
  public static final int MAX_MARKETS = 1 << 16;
  public static final int MAX_DECIMALS = 18;

  Asset[] assets = new Asset[8];
  Market[] markets = new Market[8];
  final LongMap<Account> accounts;
  final LongMap<Order> orders;
  final Account fees;
  private final Books books;
  private final Matching matching;
  private final Auction auctions;
  private int assetCount;

  public Engine() {
    this(1 << 12, 1 << 12);
  }

  /** Sizes the account and order tables and preallocates the order pool. */
  public Engine(int expectedAccounts, int expectedOrders) {
    accounts = new LongMap<>(expectedAccounts);
    fees = new Account(FEE_ACCOUNT, 8);
    accounts.put(FEE_ACCOUNT, fees);
    books = new Books(expectedOrders, fees);
    orders = books.orders;
    matching = new Matching(books);
    auctions = new Auction(books);
  }

  /** Applies one command; its events go to {@code out} in order. */
  public void apply(Command c, EventSink out) {
    if (c.type == null
        || c.side == null
        || c.orderType == null
        || c.timeInForce == null
        || c.selfTrade == null) {
      out.rejected(
          c,
          "command.invalid",
          "command type, side, order type, time in force and self-trade must be set");
      return;
    }
    switch (c.type) {
      case ASSET -> createAsset(c, out);
      case MARKET -> createMarket(c, out);
      case DEPOSIT -> deposit(c, out);
      case WITHDRAW -> withdraw(c, out);
      case PLACE -> place(c, out);
      case CANCEL -> cancel(c, out);
      case AMEND, AMEND_TOTAL -> amend(c, out);
      case AUCTION -> auction(c, out);
    }
  }

  // ---------------------------------------------------------------- assets, markets, balances

  private void createAsset(Command c, EventSink out) {
    if (c.asset < 0 || c.asset >= MAX_ASSETS) {
      out.rejected(
          c, "asset.invalid", "asset id " + c.asset + " is outside 0.." + (MAX_ASSETS - 1));
    } else if (asset(c.asset) != null) {
      out.rejected(c, "asset.exists", "asset " + c.asset + " already exists");
    } else if (c.decimals < 0 || c.decimals > MAX_DECIMALS) {
      out.rejected(
          c, "asset.decimals", "decimals " + c.decimals + " is outside 0.." + MAX_DECIMALS);
    } else {
      if (c.asset >= assets.length) {
        assets = Arrays.copyOf(assets, Math.max(c.asset + 1, assets.length * 2));
      }
      assets[c.asset] = new Asset(c.asset, c.decimals);
      assetCount = Math.max(assetCount, c.asset + 1);
      fees.ensure(c.asset);
      out.accepted(c);
    }
  }

  private void createMarket(Command c, EventSink out) {
    Asset base = asset(c.asset);
    Asset quote = asset(c.quoteAsset);
    if (c.market < 0 || c.market >= MAX_MARKETS) {
      out.rejected(
          c, "market.invalid", "market id " + c.market + " is outside 0.." + (MAX_MARKETS - 1));
    } else if (market(c.market) != null) {
      out.rejected(c, "market.exists", "market " + c.market + " already exists");
    } else if (base == null || quote == null) {
      out.rejected(
          c,
          "asset.unknown",
          "asset " + (base == null ? c.asset : c.quoteAsset) + " has not been created");
    } else if (base == quote) {
      out.rejected(c, "market.same_asset", "base and quote are both asset " + c.asset);
    } else if (c.price <= 0 || c.size <= 0) {
      out.rejected(
          c,
          "market.precision",
          "tick size and lot size must be positive, got " + c.price + ", " + c.size);
    } else if (outside(c.makerFeeBps, Market.MAX_FEE_BPS)
        || outside(c.takerFeeBps, Market.MAX_FEE_BPS)) {
      out.rejected(
          c,
          "market.fee",
          "fees must be 0.."
              + Market.MAX_FEE_BPS
              + " basis points, got maker "
              + c.makerFeeBps
              + ", taker "
              + c.takerFeeBps);
    } else {
      long unit = unit(c.price, c.size, base.decimals);
      if (unit <= 0) {
        out.rejected(
            c,
            "market.precision",
            "tick size "
                + c.price
                + " times lot size "
                + c.size
                + " is not a whole number of quote minor units per 10^"
                + base.decimals);
        return;
      }
      if (c.market >= markets.length) {
        markets = Arrays.copyOf(markets, Math.max(c.market + 1, markets.length * 2));
      }
      markets[c.market] =
          new Market(
              c.market,
              base,
              quote,
              c.price,
              c.size,
              unit,
              c.makerFeeBps,
              c.takerFeeBps,
              c.selfTrade,
              c.batch);
      out.accepted(c);
    }
  }

  private static boolean outside(int value, int max) {
    return value < 0 || value > max;
  }

  /** Quote minor units per lot per tick, or 0 if that is not a whole number (or overflows). */
  static long unit(long tickSize, long lotSize, int baseDecimals) {
    long scale = pow10(baseDecimals);
    try {
      long product = Math.multiplyExact(tickSize, lotSize);
      return product % scale == 0 ? product / scale : 0;
    } catch (ArithmeticException e) {
      // tick * lot beyond 2^63: reduce first, exactly, through the greatest common divisor.
      long g = gcd(tickSize, scale);
      long rest = scale / g;
      if (lotSize % rest != 0) {
        return 0;
      }
      try {
        return Math.multiplyExact(tickSize / g, lotSize / rest);
      } catch (ArithmeticException overflow) {
        return 0;
      }
    }
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  static long pow10(int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r *= 10;
    }
    return r;
  }

  private void deposit(Command c, EventSink out) {
    Asset a = asset(c.asset);
    if (!checkTransfer(c, a, out)) {
      return;
    }
    long supply;
    try {
      supply = Math.addExact(a.supply, c.size);
    } catch (ArithmeticException e) {
      out.rejected(
          c,
          "account.overflow",
          "deposit of " + c.size + " would overflow the supply of asset " + c.asset);
      return;
    }
    Account acc = accounts.get(c.account);
    if (acc == null) {
      acc = new Account(c.account, assetCount);
      accounts.put(c.account, acc);
    }
    acc.ensure(c.asset);
    a.supply = supply;
    acc.available[c.asset] += c.size;
    out.accepted(c);
  }

  private void withdraw(Command c, EventSink out) {
    Asset a = asset(c.asset);
    if (!checkTransfer(c, a, out)) {
      return;
    }
    Account acc = accounts.get(c.account);
    long free = acc == null ? 0 : acc.available(c.asset);
    if (free < c.size) {
      out.rejected(
          c,
          "account.insufficient_funds",
          "account "
              + c.account
              + " has "
              + free
              + " of asset "
              + c.asset
              + " available, withdrawal needs "
              + c.size);
      return;
    }
    acc.available[c.asset] -= c.size;
    a.supply -= c.size;
    out.accepted(c);
  }

  private boolean checkTransfer(Command c, Asset a, EventSink out) {
    if (c.account <= 0) {
      out.rejected(c, "account.invalid", "account id must be positive, got " + c.account);
    } else if (a == null) {
      out.rejected(c, "asset.unknown", "asset " + c.asset + " has not been created");
    } else if (c.size <= 0) {
      out.rejected(c, "amount.invalid", "amount must be positive, got " + c.size);
    } else {
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- orders

  private void place(Command c, EventSink out) {
    Market m = market(c.market);
    boolean isMarket = c.orderType == OrderType.MARKET;
    if (m == null) {
      out.rejected(c, "market.unknown", "market " + c.market + " does not exist");
      return;
    }
    if (c.account <= 0) {
      out.rejected(c, "account.invalid", "account id must be positive, got " + c.account);
      return;
    }
    if (c.orderId <= 0) {
      out.rejected(c, "order.invalid_id", "order id must be positive, got " + c.orderId);
      return;
    }
    if (orders.get(c.orderId) != null) {
      out.rejected(c, "order.duplicate_id", "order " + c.orderId + " is already open");
      return;
    }
    if (!checkSize(c, m, c.size, out) || (!isMarket && !checkPrice(c, m, c.price, out))) {
      return;
    }
    if (isMarket && c.timeInForce == TimeInForce.GTC) {
      out.rejected(c, "order.tif", "a market order cannot rest: use IOC or FOK");
      return;
    }
    if (m.batch && (isMarket || c.postOnly || c.timeInForce == TimeInForce.FOK)) {
      out.rejected(
          c, "order.batch_market", "a batch auction market takes only GTC or IOC limit orders");
      return;
    }
    if (c.postOnly && (isMarket || c.timeInForce != TimeInForce.GTC)) {
      out.rejected(c, "order.tif", "post-only needs a GTC limit order");
      return;
    }
    long lots = c.size / m.lotSize;
    long ticks = isMarket ? 0 : c.price / m.tickSize;
    Account acc = accounts.get(c.account);
    BookSide opposite = m.side(c.side.opposite());
    PriceLevel best = opposite.best();
    if (c.postOnly && best != null && Matching.crosses(c.side, ticks, best.price)) {
      out.rejected(
          c,
          "order.post_only_would_take",
          "post-only order at "
              + c.price
              + " would trade with the resting order at "
              + best.price * m.tickSize);
      return;
    }
    if (c.timeInForce == TimeInForce.FOK) {
      long fillable = matching.fillable(m, c.side, isMarket, ticks, lots, acc);
      if (fillable < lots) {
        out.rejected(
            c,
            "order.fok_unfillable",
            "fill-or-kill order for " + c.size + " can fill only " + fillable * m.lotSize + " now");
        return;
      }
    }
    int held = c.side == Side.BUY ? m.quote.id : m.base.id;
    long reservation;
    try {
      reservation =
          c.side == Side.SELL
              ? c.size
              : isMarket ? matching.marketBuyCost(m, lots, acc) : m.buyReservation(ticks, lots);
    } catch (ArithmeticException e) {
      out.rejected(
          c, "order.overflow", "order value of " + c.size + " at " + c.price + " overflows");
      return;
    }
    long free = acc == null ? 0 : acc.available(held);
    if (acc == null || free < reservation) {
      out.rejected(
          c,
          "order.insufficient_funds",
          "account "
              + c.account
              + " has "
              + free
              + " of asset "
              + held
              + " available, order needs "
              + reservation);
      return;
    }
    out.accepted(c);
    acc.reserve(held, reservation);
    Order o = books.newOrder();
    o.id = c.orderId;
    o.marketId = m.id;
    o.owner = acc;
    o.side = c.side;
    o.price = ticks;
    o.lots = lots;
    o.filled = 0;
    o.reserved = reservation;
    o.postOnly = c.postOnly;
    o.ioc = c.timeInForce == TimeInForce.IOC;
    o.timestamp = c.timestamp;
    orders.put(o.id, o);
    if (m.batch) {
      books.rest(m, o);
      return;
    }
    matching.takeThenRest(m, o, isMarket || c.timeInForce != TimeInForce.GTC, isMarket, out);
  }

  private boolean checkSize(Command c, Market m, long size, EventSink out) {
    if (size <= 0) {
      out.rejected(c, "order.size", "size must be positive, got " + size);
    } else if (size % m.lotSize != 0) {
      out.rejected(
          c, "order.lot", "size " + size + " is not a multiple of the lot size " + m.lotSize);
    } else {
      return true;
    }
    return false;
  }

  private boolean checkPrice(Command c, Market m, long price, EventSink out) {
    if (price <= 0) {
      out.rejected(c, "order.price", "price must be positive, got " + price);
    } else if (price % m.tickSize != 0) {
      out.rejected(
          c, "order.tick", "price " + price + " is not a multiple of the tick size " + m.tickSize);
    } else {
      return true;
    }
    return false;
  }

  private void cancel(Command c, EventSink out) {
    Order o = owned(c, out);
    if (o == null) {
      return;
    }
    books.dropResting(marketOf(o), o, CancelReason.USER, out);
  }

  private void auction(Command c, EventSink out) {
    Market m = market(c.market);
    if (m == null) {
      out.rejected(c, "market.unknown", "market " + c.market + " does not exist");
    } else if (!m.batch) {
      out.rejected(
          c, "market.not_batch", "market " + c.market + " trades continuously, not in batches");
    } else {
      out.accepted(c);
      auctions.run(m, c.timestamp, out);
    }
  }

  /**
   * AMEND sets the remaining size; AMEND_TOTAL sets the total, and what remains is worked out here,
   * against the fills the order has when the command is applied, so a fill that lands between the
   * request and its turn cannot make the order larger.
   */
  private void amend(Command c, EventSink out) {
    Order o = owned(c, out);
    if (o == null) {
      return;
    }
    Market m = marketOf(o);
    if (!checkSize(c, m, c.size, out) || !checkPrice(c, m, c.price, out)) {
      return;
    }
    long ticks = c.price / m.tickSize;
    long lots = c.size / m.lotSize;
    if (c.type == CommandType.AMEND_TOTAL) {
      if (lots <= o.filled) {
        out.rejected(
            c,
            "order.total_filled",
            "order "
                + o.id
                + " has filled "
                + o.filled * m.lotSize
                + ", so a total of "
                + c.size
                + " leaves nothing to rest");
        return;
      }
      lots -= o.filled;
    }
    long size = lots * m.lotSize;
    if (ticks == o.price && lots == o.lots) {
      out.rejected(c, "order.unchanged", "order " + o.id + " already has this price and size");
      return;
    }
    int held = o.side == Side.BUY ? m.quote.id : m.base.id;
    long need;
    try {
      need = o.side == Side.BUY ? m.buyReservation(ticks, lots) : size;
    } catch (ArithmeticException e) {
      out.rejected(c, "order.overflow", "order value of " + size + " at " + c.price + " overflows");
      return;
    }
    Account acc = o.owner;
    if (need - o.reserved > acc.available(held)) {
      out.rejected(
          c,
          "order.insufficient_funds",
          "account "
              + c.account
              + " has "
              + acc.available(held)
              + " of asset "
              + held
              + " available, amendment needs "
              + (need - o.reserved)
              + " more");
      return;
    }
    PriceLevel best = m.side(o.side.opposite()).best();
    if (o.postOnly && best != null && Matching.crosses(o.side, ticks, best.price)) {
      out.rejected(
          c,
          "order.post_only_would_take",
          "post-only order at "
              + c.price
              + " would trade with the resting order at "
              + best.price * m.tickSize);
      return;
    }
    if (ticks == o.price && lots < o.lots) {
      // A smaller size at the same price keeps the order's place in the queue.
      o.level.lots -= o.lots - lots;
      o.lots = lots;
      acc.release(held, o.reserved - need);
      o.reserved = need;
      out.amended(o.id, c.account, m.id, c.price, size, true);
      return;
    }
    books.removeResting(m, o);
    acc.release(held, o.reserved - need);
    o.reserved = need;
    o.price = ticks;
    o.lots = lots;
    o.timestamp = c.timestamp;
    out.amended(o.id, c.account, m.id, c.price, size, false);
    if (m.batch) {
      books.rest(m, o);
    } else {
      matching.takeThenRest(m, o, false, false, out);
    }
  }

  private Order owned(Command c, EventSink out) {
    Order o = c.orderId == 0 ? null : orders.get(c.orderId);
    if (o == null) {
      out.rejected(c, "order.unknown", "order " + c.orderId + " is not open");
      return null;
    }
    if (o.owner.id != c.account) {
      out.rejected(c, "order.not_owner", "order " + c.orderId + " belongs to another account");
      return null;
    }
    return o;
  }

  private Market marketOf(Order o) {
    return markets[o.marketId];
  }

  // ---------------------------------------------------------------- reading the state

  Asset asset(int id) {
    return id >= 0 && id < assets.length ? assets[id] : null;
  }

  Market market(int id) {
    return id >= 0 && id < markets.length ? markets[id] : null;
  }

  /** Decimals of an asset, if it exists. */
  public Optional<Integer> assetDecimals(int asset) {
    Asset a = asset(asset);
    return a == null ? Optional.empty() : Optional.of(a.decimals);
  }

  public Optional<MarketInfo> marketInfo(int market) {
    Market m = market(market);
    return m == null ? Optional.empty() : Optional.of(m.info());
  }

  /** Net deposits of an asset: what all accounts together hold, reservations included. */
  public long supply(int asset) {
    Asset a = asset(asset);
    return a == null ? 0 : a.supply;
  }

  public long available(long account, int asset) {
    Account a = accounts.get(account);
    return a == null ? 0 : a.available(asset);
  }

  public long reserved(long account, int asset) {
    Account a = accounts.get(account);
    return a == null ? 0 : a.reserved(asset);
  }

  /** Ids of every account holding or having held funds, the fee account included, ascending. */
  public long[] accountIds() {
    return accounts.sortedKeys();
  }

  /** Resting orders of one side of a market, in matching priority: best price, then oldest. */
  public List<OrderView> book(int market, Side side) {
    Market m = market(market);
    List<OrderView> out = new ArrayList<>();
    if (m == null) {
      return out;
    }
    BookSide s = m.side(side);
    for (int i = 0; i < s.levelCount(); i++) {
      for (Order o = s.level(i).head; o != null; o = o.next) {
        out.add(view(m, o));
      }
    }
    return out;
  }

  public Optional<OrderView> order(long id) {
    Order o = orders.get(id);
    return o == null ? Optional.empty() : Optional.of(view(markets[o.marketId], o));
  }

  private static OrderView view(Market m, Order o) {
    return new OrderView(
        o.id,
        o.owner.id,
        m.id,
        o.side,
        o.price * m.tickSize,
        o.lots * m.lotSize,
        o.reserved,
        o.postOnly,
        o.timestamp);
  }

  /** SHA-256 of the canonical dump ({@link StateDump}). */
  public byte[] stateHash() {
    return StateDump.sha256(this);
  }
}

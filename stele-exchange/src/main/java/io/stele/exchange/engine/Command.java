package io.stele.exchange.engine;

/**
 * One input to the engine. A mutable record so that ring slots and journals can reuse instances
 * without allocating; which fields matter depends on {@link #type}:
 *
 * <ul>
 *   <li>ASSET: {@code asset}, {@code decimals}
 *   <li>MARKET: {@code market}, {@code asset} (base), {@code quoteAsset}, {@code price} (tick size
 *       in quote minor units per whole base unit), {@code size} (lot size in base minor units),
 *       {@code makerFeeBps}, {@code takerFeeBps}, {@code selfTrade}, {@code batch} (true for a
 *       frequent batch auction market)
 *   <li>DEPOSIT, WITHDRAW: {@code account}, {@code asset}, {@code size} (amount in minor units)
 *   <li>PLACE: {@code account}, {@code orderId}, {@code market}, {@code side}, {@code orderType},
 *       {@code timeInForce}, {@code postOnly}, {@code price} (quote minor units per whole base
 *       unit; ignored for market orders), {@code size} (base minor units)
 *   <li>CANCEL: {@code account}, {@code orderId}
 *   <li>AUCTION: {@code market} (runs one batch auction); {@code orderId}, which the engine does
 *       not read, names the sealed batch whose orders the auction follows (0 if none), so that a
 *       journal shows which batches it has executed
 *   <li>AMEND: {@code account}, {@code orderId}, {@code price} (new price), {@code size} (new
 *       remaining size)
 *   <li>AMEND_TOTAL: as AMEND, but {@code size} is the new total: what has filled plus the new
 *       remaining size, which the engine works out when it applies the command
 * </ul>
 *
 * {@code sequence} is assigned by whoever orders the input (journal, replay); {@code timestamp} is
 * the time the caller gives the command. The engine never reads a clock.
 */
public final class Command {
  public CommandType type;
  public long sequence;
  public long timestamp;
  public long account;
  public long orderId;
  public int market;
  public int asset;
  public int quoteAsset;
  public int decimals;
  public Side side = Side.BUY;
  public OrderType orderType = OrderType.LIMIT;
  public TimeInForce timeInForce = TimeInForce.GTC;
  public boolean postOnly;
  public long price;
  public long size;
  public int makerFeeBps;
  public int takerFeeBps;
  public SelfTradePrevention selfTrade = SelfTradePrevention.CANCEL_NEWEST;
  public boolean batch;

  public Command copyFrom(Command other) {
    type = other.type;
    sequence = other.sequence;
    timestamp = other.timestamp;
    account = other.account;
    orderId = other.orderId;
    market = other.market;
    asset = other.asset;
    quoteAsset = other.quoteAsset;
    decimals = other.decimals;
    side = other.side;
    orderType = other.orderType;
    timeInForce = other.timeInForce;
    postOnly = other.postOnly;
    price = other.price;
    size = other.size;
    makerFeeBps = other.makerFeeBps;
    takerFeeBps = other.takerFeeBps;
    selfTrade = other.selfTrade;
    batch = other.batch;
    return this;
  }

  public static Command asset(int asset, int decimals) {
    Command c = new Command();
    c.type = CommandType.ASSET;
    c.asset = asset;
    c.decimals = decimals;
    return c;
  }

  public static Command market(
      int market,
      int base,
      int quote,
      long tickSize,
      long lotSize,
      int makerFeeBps,
      int takerFeeBps,
      SelfTradePrevention selfTrade) {
    Command c = new Command();
    c.type = CommandType.MARKET;
    c.market = market;
    c.asset = base;
    c.quoteAsset = quote;
    c.price = tickSize;
    c.size = lotSize;
    c.makerFeeBps = makerFeeBps;
    c.takerFeeBps = takerFeeBps;
    c.selfTrade = selfTrade;
    return c;
  }

  /** Makes a MARKET command define a frequent batch auction market. */
  public Command batch(boolean value) {
    batch = value;
    return this;
  }

  public static Command auction(int market) {
    Command c = new Command();
    c.type = CommandType.AUCTION;
    c.market = market;
    return c;
  }

  /** Marks an AUCTION command as the one that follows the orders of sealed batch {@code batch}. */
  public Command afterBatch(long batch) {
    orderId = batch;
    return this;
  }

  public static Command deposit(long account, int asset, long amount) {
    return transfer(CommandType.DEPOSIT, account, asset, amount);
  }

  public static Command withdraw(long account, int asset, long amount) {
    return transfer(CommandType.WITHDRAW, account, asset, amount);
  }

  private static Command transfer(CommandType type, long account, int asset, long amount) {
    Command c = new Command();
    c.type = type;
    c.account = account;
    c.asset = asset;
    c.size = amount;
    return c;
  }

  public static Command limit(
      long account, long orderId, int market, Side side, long price, long size, TimeInForce tif) {
    Command c = new Command();
    c.type = CommandType.PLACE;
    c.account = account;
    c.orderId = orderId;
    c.market = market;
    c.side = side;
    c.orderType = OrderType.LIMIT;
    c.timeInForce = tif;
    c.price = price;
    c.size = size;
    return c;
  }

  public static Command marketOrder(
      long account, long orderId, int market, Side side, long size, TimeInForce tif) {
    Command c = limit(account, orderId, market, side, 0, size, tif);
    c.orderType = OrderType.MARKET;
    return c;
  }

  public static Command cancel(long account, long orderId) {
    Command c = new Command();
    c.type = CommandType.CANCEL;
    c.account = account;
    c.orderId = orderId;
    return c;
  }

  public static Command amend(long account, long orderId, long price, long size) {
    Command c = new Command();
    c.type = CommandType.AMEND;
    c.account = account;
    c.orderId = orderId;
    c.price = price;
    c.size = size;
    return c;
  }

  /** An amend to a new total size (filled plus remaining), as FIX's OrderCancelReplaceRequest. */
  public static Command amendTotal(long account, long orderId, long price, long total) {
    Command c = amend(account, orderId, price, total);
    c.type = CommandType.AMEND_TOTAL;
    return c;
  }

  public Command postOnly(boolean value) {
    postOnly = value;
    return this;
  }

  public Command at(long time) {
    timestamp = time;
    return this;
  }

  @Override
  public String toString() {
    return type
        + "{seq="
        + sequence
        + ", account="
        + account
        + ", order="
        + orderId
        + ", market="
        + market
        + ", asset="
        + asset
        + ", "
        + side
        + ' '
        + orderType
        + ' '
        + timeInForce
        + (postOnly ? " post-only" : "")
        + ", price="
        + price
        + ", size="
        + size
        + '}';
  }
}

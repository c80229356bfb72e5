package io.stele.api.fix;

import io.stele.exchange.engine.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.MDEntryPx;
import quickfix.field.MDEntrySize;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MDReqRejReason;
import quickfix.field.MDUpdateAction;
import quickfix.field.MDUpdateType;
import quickfix.field.MarketDepth;
import quickfix.field.NoMDEntries;
import quickfix.field.NoMDEntryTypes;
import quickfix.field.NoRelatedSym;
import quickfix.field.SubscriptionRequestType;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.fix44.MarketDataIncrementalRefresh;
import quickfix.fix44.MarketDataRequestReject;
import quickfix.fix44.MarketDataSnapshotFullRefresh;

/**
 * Answers MarketDataRequest (V) with the full book by price level: a MarketDataSnapshotFullRefresh
 * (W) per symbol, then, for a subscription, one MarketDataIncrementalRefresh (X) per level change
 * until it is unsubscribed or the session logs out. A request Stele cannot serve is answered with
 * MarketDataRequestReject (Y) and the reason in Text(58).
 */
final class MarketDataFeed {
  /** Subscriptions one session may hold at once: each costs the venue a listener. */
  static final int MAX_SUBSCRIPTIONS = 32;

  private final FixVenue venue;
  private final Outbound outbound;

  /** Open subscriptions by session, then MDReqID. */
  private final Map<SessionID, Map<String, List<Subscription>>> subscriptions =
      new ConcurrentHashMap<>();

  MarketDataFeed(FixVenue venue, Outbound outbound) {
    this.venue = venue;
    this.outbound = outbound;
  }

  void request(Message m, SessionID session) throws FieldNotFound {
    String reqId = m.getString(MDReqID.FIELD);
    char type = m.getChar(SubscriptionRequestType.FIELD);
    Map<String, List<Subscription>> open =
        subscriptions.computeIfAbsent(session, s -> new ConcurrentHashMap<>());
    if (type == SubscriptionRequestType.DISABLE_PREVIOUS_SNAPSHOT_UPDATE_REQUEST) {
      List<Subscription> subs = open.remove(reqId);
      if (subs == null) {
        reject(session, reqId, null, "no subscription has MDReqID " + reqId);
      } else {
        subs.forEach(Subscription::close);
      }
      return;
    }
    try {
      boolean subscribe = type == SubscriptionRequestType.SNAPSHOT_UPDATES;
      if (subscribe) {
        checkUpdateType(m);
      }
      if (m.getInt(MarketDepth.FIELD) != 0) {
        throw new Refusal(MDReqRejReason.UNSUPPORTED_MARKETDEPTH, "MarketDepth(264) must be 0");
      }
      boolean[] wanted = entryTypes(m);
      List<ListedMarket> markets = symbols(m);
      if (subscribe && open.containsKey(reqId)) {
        throw new Refusal(MDReqRejReason.DUPLICATE_MDREQID, "MDReqID " + reqId + " is in use");
      }
      if (subscribe && open.size() >= MAX_SUBSCRIPTIONS) {
        throw new Refusal(
            MDReqRejReason.INSUFFICIENT_BANDWIDTH,
            "a session may hold " + MAX_SUBSCRIPTIONS + " subscriptions at once");
      }
      if (!subscribe) {
        for (ListedMarket market : markets) {
          BookSnapshot book = venue.book(market.info().id());
          outbound.send(session, () -> snapshot(reqId, market, book, wanted));
        }
        return;
      }
      List<Subscription> subs = new ArrayList<>();
      for (ListedMarket market : markets) {
        subs.add(
            venue.subscribeBook(market.info().id(), new Follower(session, reqId, market, wanted)));
      }
      open.put(reqId, List.copyOf(subs));
    } catch (Refusal e) {
      reject(session, reqId, e.reason, e.getMessage());
    }
  }

  /** Ends every subscription. */
  void closeAll() {
    subscriptions.keySet().forEach(this::closeAll);
  }

  /** Ends every subscription of a session that logged out. */
  void closeAll(SessionID session) {
    Map<String, List<Subscription>> open = subscriptions.remove(session);
    if (open != null) {
      open.values().forEach(subs -> subs.forEach(Subscription::close));
    }
  }

  private static void checkUpdateType(Message m) throws FieldNotFound, Refusal {
    if (m.isSetField(MDUpdateType.FIELD)
        && m.getInt(MDUpdateType.FIELD) != MDUpdateType.INCREMENTAL_REFRESH) {
      throw new Refusal(
          MDReqRejReason.UNSUPPORTED_MDUPDATETYPE, "MDUpdateType(265) must be 1 (incremental)");
    }
  }

  /** Which sides were asked for: [bids, offers]. */
  private static boolean[] entryTypes(Message m) throws FieldNotFound, Refusal {
    boolean[] wanted = new boolean[2];
    int count = m.getGroupCount(NoMDEntryTypes.FIELD);
    for (int i = 1; i <= count; i++) {
      char entry = m.getGroup(i, NoMDEntryTypes.FIELD).getChar(MDEntryType.FIELD);
      switch (entry) {
        case MDEntryType.BID -> wanted[0] = true;
        case MDEntryType.OFFER -> wanted[1] = true;
        default ->
            throw new Refusal(
                MDReqRejReason.UNSUPPORTED_MDENTRYTYPE,
                "MDEntryType(269) must be 0 (bid) or 1 (offer), got " + entry);
      }
    }
    if (count == 0) {
      throw new Refusal(
          MDReqRejReason.UNSUPPORTED_MDENTRYTYPE, "NoMDEntryTypes(267) names no entry type");
    }
    return wanted;
  }

  private List<ListedMarket> symbols(Message m) throws FieldNotFound, Refusal {
    int count = m.getGroupCount(NoRelatedSym.FIELD);
    if (count == 0) {
      throw new Refusal(MDReqRejReason.UNKNOWN_SYMBOL, "NoRelatedSym(146) names no symbol");
    }
    List<ListedMarket> markets = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String symbol = m.getGroup(i, NoRelatedSym.FIELD).getString(Symbol.FIELD);
      markets.add(
          venue
              .market(symbol)
              .orElseThrow(
                  () ->
                      new Refusal(
                          MDReqRejReason.UNKNOWN_SYMBOL,
                          "no market is listed as symbol \"" + symbol + "\"")));
    }
    return markets;
  }

  /** A MarketDataRequestReject; {@code reason} is null where FIX has no code for it. */
  private void reject(SessionID session, String reqId, Character reason, String text) {
    outbound.send(
        session,
        () -> {
          MarketDataRequestReject y = new MarketDataRequestReject();
          y.setString(MDReqID.FIELD, reqId);
          if (reason != null) {
            y.setChar(MDReqRejReason.FIELD, reason);
          }
          y.setString(Text.FIELD, text);
          return y;
        });
  }

  private static MarketDataSnapshotFullRefresh snapshot(
      String reqId, ListedMarket market, BookSnapshot book, boolean[] wanted) {
    MarketDataSnapshotFullRefresh w = new MarketDataSnapshotFullRefresh();
    w.setString(MDReqID.FIELD, reqId);
    w.setString(Symbol.FIELD, market.symbol());
    int entries = 0;
    if (wanted[0]) {
      entries += addLevels(w, MDEntryType.BID, book.bids(), market);
    }
    if (wanted[1]) {
      entries += addLevels(w, MDEntryType.OFFER, book.asks(), market);
    }
    if (entries == 0) {
      w.setInt(NoMDEntries.FIELD, 0);
    }
    return w;
  }

  private static int addLevels(
      MarketDataSnapshotFullRefresh w, char type, List<BookLevel> levels, ListedMarket market) {
    for (BookLevel level : levels) {
      Group g = new MarketDataSnapshotFullRefresh.NoMDEntries();
      g.setChar(MDEntryType.FIELD, type);
      g.setString(MDEntryPx.FIELD, FixDecimals.price(level.price(), market.info()));
      g.setString(MDEntrySize.FIELD, FixDecimals.quantity(level.quantity(), market.info()));
      w.addGroup(g);
    }
    return levels.size();
  }

  /** Sends one subscription's snapshot and changes, in the order the venue reports them. */
  private final class Follower implements BookListener {
    private final SessionID session;
    private final String reqId;
    private final ListedMarket market;
    private final boolean[] wanted;

    Follower(SessionID session, String reqId, ListedMarket market, boolean[] wanted) {
      this.session = session;
      this.reqId = reqId;
      this.market = market;
      this.wanted = wanted;
    }

    @Override
    public void snapshot(BookSnapshot book) {
      outbound.send(session, () -> MarketDataFeed.snapshot(reqId, market, book, wanted));
    }

    @Override
    public void levelChanged(Side side, long price, long previousQuantity, long quantity) {
      if (!wanted[side == Side.BUY ? 0 : 1]) {
        return;
      }
      outbound.send(session, () -> increment(side, price, previousQuantity, quantity));
    }

    private MarketDataIncrementalRefresh increment(
        Side side, long price, long previousQuantity, long quantity) {
      MarketDataIncrementalRefresh x = new MarketDataIncrementalRefresh();
      x.setString(MDReqID.FIELD, reqId);
      Group g = new MarketDataIncrementalRefresh.NoMDEntries();
      g.setChar(
          MDUpdateAction.FIELD,
          previousQuantity == 0
              ? MDUpdateAction.NEW
              : quantity == 0 ? MDUpdateAction.DELETE : MDUpdateAction.CHANGE);
      g.setChar(MDEntryType.FIELD, side == Side.BUY ? MDEntryType.BID : MDEntryType.OFFER);
      g.setString(Symbol.FIELD, market.symbol());
      g.setString(MDEntryPx.FIELD, FixDecimals.price(price, market.info()));
      if (quantity != 0) {
        g.setString(MDEntrySize.FIELD, FixDecimals.quantity(quantity, market.info()));
      }
      x.addGroup(g);
      return x;
    }
  }

  /** A request that cannot be served, with its MDReqRejReason(281). */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final char reason;

    Refusal(char reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}

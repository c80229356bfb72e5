package io.stele.api.fix;

import io.stele.core.error.SteleException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.SessionID;
import quickfix.UnsupportedMessageType;
import quickfix.field.HeartBtInt;
import quickfix.field.MsgType;
import quickfix.field.SendingTime;

/**
 * QuickFIX/J's callbacks: authenticates each Logon by its signature, then hands application
 * messages to order entry or market data. QuickFIX/J runs the session protocol (sequence numbers,
 * heartbeats, resends, dictionary validation and session-level Rejects).
 */
final class FixApplication implements Application {
  private static final Logger LOG = LoggerFactory.getLogger(FixApplication.class);

  private final FixSettings settings;
  private final Map<String, FixCounterparty> byCompId;
  private final OrderEntry orders;
  private final MarketDataFeed marketData;

  /** The SendingTime of each client's last accepted Logon: a captured Logon cannot be replayed. */
  private final Map<String, LocalDateTime> lastLogon = new ConcurrentHashMap<>();

  FixApplication(
      FixSettings settings,
      Map<String, FixCounterparty> byCompId,
      OrderEntry orders,
      MarketDataFeed marketData) {
    this.settings = settings;
    this.byCompId = Map.copyOf(byCompId);
    this.orders = orders;
    this.marketData = marketData;
  }

  @Override
  public void onCreate(SessionID session) {}

  @Override
  public void onLogon(SessionID session) {
    LOG.info("FIX session {} logged on", session);
  }

  @Override
  public void onLogout(SessionID session) {
    marketData.closeAll(session);
    LOG.info("FIX session {} logged out", session);
  }

  @Override
  public void toAdmin(Message message, SessionID session) {}

  @Override
  public void fromAdmin(Message message, SessionID session) throws FieldNotFound, RejectLogon {
    if (message.getHeader().getString(MsgType.FIELD).equals(MsgType.LOGON)) {
      authenticate(message, counterparty(session));
    }
  }

  private void authenticate(Message logon, FixCounterparty client)
      throws FieldNotFound, RejectLogon {
    int heartbeat = logon.getInt(HeartBtInt.FIELD);
    if (heartbeat < 1 || heartbeat > settings.maxHeartbeatSeconds()) {
      throw refuse(
          "fix.logon_heartbeat",
          "HeartBtInt(108) must be 1.." + settings.maxHeartbeatSeconds() + ", got " + heartbeat);
    }
    try {
      FixLogon.verify(logon, client.key(), settings.chainId());
    } catch (SteleException e) {
      throw refuse(e.code(), e.getMessage());
    }
    LocalDateTime sent = logon.getHeader().getUtcTimeStamp(SendingTime.FIELD);
    LocalDateTime before = lastLogon.get(client.compId());
    if (before != null && !sent.isAfter(before)) {
      throw refuse("fix.logon_replay", "the Logon's SendingTime is not after the last Logon's");
    }
    lastLogon.put(client.compId(), sent);
  }

  private static RejectLogon refuse(String code, String message) {
    LOG.warn("FIX logon refused: {}: {}", code, message);
    return new RejectLogon(ExecutionReports.text(code, message));
  }

  @Override
  public void toApp(Message message, SessionID session) {}

  @Override
  public void fromApp(Message message, SessionID session)
      throws FieldNotFound, UnsupportedMessageType {
    long account = counterparty(session).account();
    switch (message.getHeader().getString(MsgType.FIELD)) {
      case MsgType.ORDER_SINGLE -> orders.newOrder(message, session, account);
      case MsgType.ORDER_CANCEL_REQUEST -> orders.cancel(message, account);
      case MsgType.ORDER_CANCEL_REPLACE_REQUEST -> orders.amend(message, account);
      case MsgType.ORDER_STATUS_REQUEST -> orders.status(message, session, account);
      case MsgType.MARKET_DATA_REQUEST -> marketData.request(message, session);
      default -> throw new UnsupportedMessageType();
    }
  }

  /** Sessions exist only for configured counterparties, so this always finds one. */
  private FixCounterparty counterparty(SessionID session) {
    FixCounterparty c = byCompId.get(session.getTargetCompID());
    if (c == null) {
      throw new IllegalStateException("no counterparty for FIX session " + session);
    }
    return c;
  }
}

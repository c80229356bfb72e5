package io.stele.api.fix;

import io.stele.core.error.SteleException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.apache.mina.core.service.IoAcceptor;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FileStoreFactory;
import quickfix.FixVersions;
import quickfix.MemoryStoreFactory;
import quickfix.MessageStoreFactory;
import quickfix.RuntimeError;
import quickfix.SLF4JLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;

/**
 * The exchange's FIX 4.4 gateway: a QuickFIX/J acceptor with one session per configured
 * counterparty, whose orders and market data requests go to a {@link FixVenue} and whose venue
 * events come back as ExecutionReports. See {@code docs/exchange.md}, section FIX.
 */
public final class FixAcceptor implements AutoCloseable {
  private final SocketAcceptor acceptor;
  private final Subscription executions;
  private final MarketDataFeed marketData;
  private final Outbound outbound;
  private final int port;

  private FixAcceptor(
      SocketAcceptor acceptor,
      Subscription executions,
      MarketDataFeed marketData,
      Outbound outbound,
      int port) {
    this.acceptor = acceptor;
    this.executions = executions;
    this.marketData = marketData;
    this.outbound = outbound;
    this.port = port;
  }

  /** Listens for the counterparties' sessions; throws {@code fix.start} if it cannot. */
  public static FixAcceptor start(FixSettings settings, FixVenue venue) {
    Map<String, FixCounterparty> byCompId = new HashMap<>();
    Map<Long, SessionID> sessions = new HashMap<>();
    SessionSettings qfj = sessionSettings(settings);
    for (FixCounterparty c : settings.counterparties()) {
      SessionID id = new SessionID(FixVersions.BEGINSTRING_FIX44, settings.compId(), c.compId());
      qfj.setString(id, SessionSettings.BEGINSTRING, id.getBeginString());
      qfj.setString(id, SessionSettings.SENDERCOMPID, id.getSenderCompID());
      qfj.setString(id, SessionSettings.TARGETCOMPID, id.getTargetCompID());
      byCompId.put(c.compId(), c);
      sessions.put(c.account(), id);
    }
    Outbound outbound = new Outbound();
    ExecutionReports reports = new ExecutionReports(venue, outbound, sessions);
    MarketDataFeed marketData = new MarketDataFeed(venue, outbound);
    FixApplication application =
        new FixApplication(
            settings, byCompId, new OrderEntry(venue, outbound, reports), marketData);
    MessageStoreFactory store =
        settings.dataDir().isPresent() ? new FileStoreFactory(qfj) : new MemoryStoreFactory();
    Subscription executions = null;
    try {
      SocketAcceptor acceptor =
          new SocketAcceptor(
              application, store, qfj, new SLF4JLogFactory(qfj), new DefaultMessageFactory());
      executions = venue.subscribeExecutions(reports);
      acceptor.start();
      return new FixAcceptor(acceptor, executions, marketData, outbound, boundPort(acceptor));
    } catch (ConfigError | RuntimeError e) {
      if (executions != null) {
        executions.close();
      }
      outbound.close();

      throw new SteleException(
          "fix.start",
          "cannot start the FIX acceptor on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage());
    }
  }

  private static SessionSettings sessionSettings(FixSettings settings) {
    SessionSettings qfj = new SessionSettings();
    qfj.setString("ConnectionType", "acceptor");
    qfj.setString("SocketAcceptAddress", settings.host());
    qfj.setLong("SocketAcceptPort", settings.port());
    qfj.setString("NonStopSession", "Y");
    qfj.setString("UseDataDictionary", "Y");
    qfj.setString("DataDictionary", "FIX44.xml");
    settings
        .dataDir()
        .ifPresent(dir -> qfj.setString("FileStorePath", dir.resolve("fix").toString()));
    return qfj;
  }

  private static int boundPort(SocketAcceptor acceptor) {
    for (IoAcceptor endpoint : acceptor.getEndpoints()) {
      if (endpoint.getLocalAddress() instanceof InetSocketAddress address) {
        return address.getPort();
      }
    }
    throw new SteleException("fix.start", "the FIX acceptor is not bound to a TCP port");
  }

  /** The TCP port the acceptor listens on (the one chosen when the settings asked for 0). */
  public int port() {
    return port;
  }

  /**
   * Stops following the venue, sends the reports already queued, then logs every session out and
   * closes the port.
   */
  @Override
  public void close() {
    executions.close();
    marketData.closeAll();
    outbound.close();
    acceptor.stop();
  }
}

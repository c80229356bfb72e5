package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.KeyPair;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FixVersions;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.MsgType;
import quickfix.field.Text;

/**
 * A real QuickFIX/J initiator on 127.0.0.1 that signs its Logon with a key and queues what it
 * receives, so tests await messages with a timeout instead of sleeping.
 */
final class FixTestClient implements Application, AutoCloseable {
  private static final long WAIT_SECONDS = 10;

  private final KeyPair key;
  private final byte chainId;
  private final SessionID session;
  private final SocketInitiator initiator;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> logouts = new LinkedBlockingQueue<>();
  private final CountDownLatch loggedOn = new CountDownLatch(1);

  FixTestClient(String compId, String venueCompId, int port, KeyPair key, byte chainId)
      throws ConfigError {
    this.key = key;
    this.chainId = chainId;
    this.session = new SessionID(FixVersions.BEGINSTRING_FIX44, compId, venueCompId);
    SessionSettings settings = new SessionSettings();
    settings.setString("ConnectionType", "initiator");
    settings.setString("SocketConnectHost", "127.0.0.1");
    settings.setLong("SocketConnectPort", port);
    settings.setLong("HeartBtInt", 30);
    settings.setLong("ReconnectInterval", 60);
    settings.setString("NonStopSession", "Y");
    // Each client starts from sequence number 1 with ResetSeqNumFlag(141)=Y: a refused Logon
    // counts in the acceptor's sequence numbers, so a retry must reset them.
    settings.setString("ResetOnLogon", "Y");
    settings.setString("UseDataDictionary", "Y");
    settings.setString("DataDictionary", "FIX44.xml");
    settings.setString(session, "BeginString", session.getBeginString());
    settings.setString(session, "SenderCompID", compId);
    settings.setString(session, "TargetCompID", venueCompId);
    initiator =
        new SocketInitiator(
            this,
            new MemoryStoreFactory(),
            settings,
            new SLF4JLogFactory(settings),
            new DefaultMessageFactory());
    initiator.start();
  }

  /** Waits for the Logon to be accepted. */
  void awaitLogon() throws InterruptedException {
    assertThat(loggedOn.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("logged on").isTrue();
  }

  boolean isLoggedOn() {
    return loggedOn.getCount() == 0;
  }

  /** The Text(58) of the next Logout the venue sends. */
  String awaitLogout() throws InterruptedException {
    String text = logouts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(text).as("a Logout within " + WAIT_SECONDS + " s").isNotNull();
    return text;
  }

  void send(Message message) throws SessionNotFound {
    assertThat(Session.sendToTarget(message, session)).as("sent").isTrue();
  }

  /** The next message received, which must be of this type. */
  Message expect(String msgType) throws InterruptedException, FieldNotFound {
    Message m = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(m).as("a message of type " + msgType + " within " + WAIT_SECONDS + " s").isNotNull();
    assertThat(m.getHeader().getString(MsgType.FIELD)).as("type of " + m).isEqualTo(msgType);
    return m;
  }

  @Override
  public void onCreate(SessionID sessionId) {}

  @Override
  public void onLogon(SessionID sessionId) {
    loggedOn.countDown();
  }

  @Override
  public void onLogout(SessionID sessionId) {}

  @Override
  public void toAdmin(Message message, SessionID sessionId) {
    try {
      if (message.getHeader().getString(MsgType.FIELD).equals(MsgType.LOGON)) {
        FixLogon.sign(message, key, chainId);
      }
    } catch (FieldNotFound e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void fromAdmin(Message message, SessionID sessionId) throws FieldNotFound {
    String type = message.getHeader().getString(MsgType.FIELD);
    if (type.equals(MsgType.LOGOUT)) {
      logouts.add(message.isSetField(Text.FIELD) ? message.getString(Text.FIELD) : "");
    } else if (type.equals(MsgType.REJECT)) {
      received.add(message);
    }
  }

  @Override
  public void toApp(Message message, SessionID sessionId) {}

  @Override
  public void fromApp(Message message, SessionID sessionId) {
    received.add(message);
  }

  @Override
  public void close() {
    initiator.stop(true);
  }
}

package io.stele.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.api.fix.FixLogon;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SeededRng;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import io.stele.node.devnet.Devnet;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.ApplicationAdapter;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FixVersions;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

/**
 * The devnet's FIX acceptor end to end, in process: a QuickFIX/J initiator logs on as FAUCET with
 * the devnet's faucet key, buys into an order placed over REST, gets the fill, and the trade shows
 * over REST.
 */
class DevnetFixTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theFaucetKeyLogsOnToFixAndTradesWithARestOrder() throws Exception {
    SeededRng rng = new SeededRng(12);
    Devnet devnet = Devnet.prepare(dir, "127.0.0.1", 0, rng, new SystemClock());
    Path settings = dir.resolve("exchange.json");
    JsonNode written = JSON.readTree(Files.readAllBytes(settings));
    assertThat(written.path("fix").path("counterparties").get(0).path("compId").asText())
        .isEqualTo("FAUCET");
    int fixPort = freePort();
    ((ObjectNode) written.path("fix")).put("port", fixPort);
    Files.writeString(settings, JSON.writeValueAsString(written));

    char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
    KeyPair faucet = KeyFile.read(dir.resolve("keys/faucet.key"), passphrase);
    KeyPair alice = KeyPair.generate(rng);
    try (RunningNode node = NodeLauncher.launch(devnet.members().get(0).config())) {
      NodeClient http = new NodeClient(URI.create(node.apiUrl()));
      ExchangeClient faucetClient = new ExchangeClient(http, faucet, new SystemClock(), rng);
      faucetClient.deposit(base58(alice), "STL", "100");
      faucetClient.deposit(base58(faucet), "USD", "1000");
      ExchangeClient aliceClient = new ExchangeClient(http, alice, new SystemClock(), rng);
      aliceClient.place(
          JSON.createObjectNode()
              .put("market", "STL-USD")
              .put("order", aliceClient.newOrderId())
              .put("side", "sell")
              .put("price", "2.50")
              .put("size", "30"));

      try (Initiator fix = new Initiator(fixPort, faucet)) {
        fix.awaitLogon();
        NewOrderSingle buy = new NewOrderSingle();
        buy.setString(ClOrdID.FIELD, "f1");
        buy.setChar(Side.FIELD, Side.BUY);
        buy.setString(Symbol.FIELD, "STL-USD");
        buy.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.of(2026, 1, 1, 0, 0));
        buy.setChar(OrdType.FIELD, OrdType.LIMIT);
        buy.setString(Price.FIELD, "2.60");
        buy.setString(OrderQty.FIELD, "10");
        fix.send(buy);

        Message accepted = fix.expect(MsgType.EXECUTION_REPORT);
        assertThat(accepted.getString(150)).as("ExecType").isEqualTo("0");
        Message fill = fix.expect(MsgType.EXECUTION_REPORT);
        assertThat(fill.getString(150)).as("ExecType").isEqualTo("F");
        assertThat(fill.getString(39)).as("OrdStatus").isEqualTo("2");
        assertThat(fill.getString(11)).as("ClOrdID").isEqualTo("f1");
        assertThat(fill.getString(31)).as("LastPx").isEqualTo("2.50");
        assertThat(fill.getString(32)).as("LastQty").isEqualTo("10.00000000");

        JsonNode trades = http.getObject("/v1/exchange/markets/STL-USD/trades").path("trades");
        assertThat(trades).hasSize(1);
        assertThat(trades.get(0).path("price").asText()).isEqualTo("2.50");
        assertThat(trades.get(0).path("size").asText()).isEqualTo("10.00000000");
        assertThat(trades.get(0).path("takerOrder").asText()).isEqualTo(fill.getString(37));
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String base58(KeyPair key) {
    return key.publicKey().bytes().toBase58();
  }

  /** A FIX 4.4 initiator for FAUCET that signs its Logon with the faucet key. */
  private static final class Initiator extends ApplicationAdapter implements AutoCloseable {
    private final KeyPair key;
    private final SessionID session =
        new SessionID(
            FixVersions.BEGINSTRING_FIX44,
            ExchangeSettings.DEVNET_FIX_FAUCET,
            ExchangeSettings.DEVNET_FIX_COMP_ID);
    private final SocketInitiator initiator;
    private final CountDownLatch loggedOn = new CountDownLatch(1);
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    Initiator(int port, KeyPair key) throws Exception {
      this.key = key;
      SessionSettings settings = new SessionSettings();
      settings.setString("ConnectionType", "initiator");
      settings.setString("SocketConnectHost", "127.0.0.1");
      settings.setLong("SocketConnectPort", port);
      settings.setLong("HeartBtInt", 30);
      settings.setString("NonStopSession", "Y");
      settings.setString("ResetOnLogon", "Y");
      settings.setString("UseDataDictionary", "Y");
      settings.setString("DataDictionary", "FIX44.xml");
      settings.setString(session, "BeginString", session.getBeginString());
      settings.setString(session, "SenderCompID", session.getSenderCompID());
      settings.setString(session, "TargetCompID", session.getTargetCompID());
      initiator =
          new SocketInitiator(
              this,
              new MemoryStoreFactory(),
              settings,
              new SLF4JLogFactory(settings),
              new DefaultMessageFactory());
      initiator.start();
    }

    void awaitLogon() throws InterruptedException {
      assertThat(loggedOn.await(10, TimeUnit.SECONDS)).as("logged on").isTrue();
    }

    void send(Message m) throws Exception {
      assertThat(Session.sendToTarget(m, session)).as("sent").isTrue();
    }

    Message expect(String type) throws Exception {
      Message m = received.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message of type " + type).isNotNull();
      assertThat(m.getHeader().getString(MsgType.FIELD)).as("type of " + m).isEqualTo(type);
      return m;
    }

    @Override
    public void onLogon(SessionID sessionId) {
      loggedOn.countDown();
    }

    @Override
    public void toAdmin(Message message, SessionID sessionId) {
      try {
        if (message.getHeader().getString(MsgType.FIELD).equals(MsgType.LOGON)) {
          FixLogon.sign(message, key, Devnet.CHAIN_ID);
        }
      } catch (FieldNotFound e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) {
      received.add(message);
    }

    @Override
    public void close() {
      initiator.stop(true);
    }
  }
}

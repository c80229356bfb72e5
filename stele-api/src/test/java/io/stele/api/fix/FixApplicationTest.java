package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.crypto.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import quickfix.FixVersions;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.SessionID;
import quickfix.field.HeartBtInt;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.TargetCompID;
import quickfix.fix44.Logon;

/** Logon checks that need no socket: heartbeat bounds and replays. */
class FixApplicationTest {
  private static final byte CHAIN = 'T';
  private static final KeyPair KEY = KeyPair.fromSeed(new byte[32]);
  private static final FixCounterparty ALICE = new FixCounterparty("ALICE", KEY.publicKey(), 1);
  private static final SessionID SESSION =
      new SessionID(FixVersions.BEGINSTRING_FIX44, "STELE", "ALICE");

  private final FixSettings settings =
      new FixSettings("STELE", "127.0.0.1", 0, 30, CHAIN, Optional.empty(), List.of(ALICE));
  private final EngineVenue venue = new EngineVenue();
  private final Outbound outbound = new Outbound();
  private final ExecutionReports reports = new ExecutionReports(venue, outbound, Map.of());
  private final FixApplication application =
      new FixApplication(
          settings,
          Map.of("ALICE", ALICE),
          new OrderEntry(venue, outbound, reports),
          new MarketDataFeed(venue, outbound));

  @AfterEach
  void stop() {
    outbound.close();
  }

  private static Message logon(String sendingTime, int heartbeat) throws Exception {
    Logon logon = new Logon();
    logon.getHeader().setString(SendingTime.FIELD, sendingTime);
    logon.getHeader().setString(SenderCompID.FIELD, "ALICE");
    logon.getHeader().setString(TargetCompID.FIELD, "STELE");
    logon.setInt(HeartBtInt.FIELD, heartbeat);
    FixLogon.sign(logon, KEY, CHAIN);
    return logon;
  }

  @Test
  void aLogonIsAcceptedOnceAndOnlyLaterOnesAfterIt() throws Exception {
    Message first = logon("20260102-03:04:05.000", 30);
    assertThatCode(() -> application.fromAdmin(first, SESSION)).doesNotThrowAnyException();
    assertThatThrownBy(() -> application.fromAdmin(first, SESSION))
        .isInstanceOf(RejectLogon.class)
        .hasMessage("fix.logon_replay: the Logon's SendingTime is not after the last Logon's");
    Message earlier = logon("20260102-03:04:04.999", 30);
    assertThatThrownBy(() -> application.fromAdmin(earlier, SESSION))
        .isInstanceOf(RejectLogon.class)
        .hasMessageStartingWith("fix.logon_replay");
    Message later = logon("20260102-03:04:05.001", 30);
    assertThatCode(() -> application.fromAdmin(later, SESSION)).doesNotThrowAnyException();
  }

  @Test
  void heartbeatsOutsideTheConfiguredRangeAreRefused() throws Exception {
    for (int heartbeat : new int[] {0, 31}) {
      Message logon = logon("20260102-03:04:05.000", heartbeat);
      assertThatThrownBy(() -> application.fromAdmin(logon, SESSION))
          .isInstanceOf(RejectLogon.class)
          .hasMessage("fix.logon_heartbeat: HeartBtInt(108) must be 1..30, got " + heartbeat);
    }
  }
}

package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.field.RawData;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.TargetCompID;
import quickfix.field.Username;
import quickfix.fix44.Logon;

class FixLogonTest {
  private static final byte CHAIN = 'T';
  private static final KeyPair KEY = key(7);
  private static final KeyPair OTHER = key(8);

  private static KeyPair key(int fill) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) fill);
    return KeyPair.fromSeed(seed);
  }

  private static Message logon() {
    Logon logon = new Logon();
    logon.getHeader().setString(SendingTime.FIELD, "20260102-03:04:05.678");
    logon.getHeader().setString(SenderCompID.FIELD, "ALICE");
    logon.getHeader().setString(TargetCompID.FIELD, "STELE");
    return logon;
  }

  @Test
  void theSignatureCoversTheDocumentedBytes() {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes("stele-fix-logon".getBytes(StandardCharsets.US_ASCII));
    expected.write('T');
    expected.writeBytes(
        "20260102-03:04:05.678\u0001ALICE\u0001STELE".getBytes(StandardCharsets.US_ASCII));
    assertThat(FixLogon.signedBytes(CHAIN, "20260102-03:04:05.678", "ALICE", "STELE"))
        .isEqualTo(expected.toByteArray());
  }

  @Test
  void aSignedLogonVerifiesForItsKeyAndChain() throws Exception {
    Message logon = logon();
    FixLogon.sign(logon, KEY, CHAIN);
    assertThat(logon.getString(Username.FIELD)).isEqualTo(KEY.publicKey().bytes().toBase58());
    assertThat(logon.getInt(95)).isEqualTo(logon.getString(RawData.FIELD).length());
    assertThatCode(() -> FixLogon.verify(logon, KEY.publicKey(), CHAIN)).doesNotThrowAnyException();
  }

  @Test
  void anotherChainAnotherKeyOrAnotherTimeDoesNotVerify() throws Exception {
    Message logon = logon();
    FixLogon.sign(logon, KEY, CHAIN);
    assertCode(() -> FixLogon.verify(logon, KEY.publicKey(), (byte) 'L'), "fix.logon_signature");
    assertCode(() -> FixLogon.verify(logon, OTHER.publicKey(), CHAIN), "fix.logon_key");
    logon.removeField(Username.FIELD);
    assertCode(() -> FixLogon.verify(logon, OTHER.publicKey(), CHAIN), "fix.logon_signature");
    logon.getHeader().setString(SendingTime.FIELD, "20260102-03:04:05.679");
    assertCode(() -> FixLogon.verify(logon, KEY.publicKey(), CHAIN), "fix.logon_signature");
  }

  @Test
  void aMissingOrMalformedSignatureIsRefused() {
    Message logon = logon();
    assertCode(() -> FixLogon.verify(logon, KEY.publicKey(), CHAIN), "fix.logon_signature");
    logon.setString(RawData.FIELD, "0OIl");
    assertCode(() -> FixLogon.verify(logon, KEY.publicKey(), CHAIN), "fix.logon_signature");
    logon.setString(RawData.FIELD, "2");
    assertCode(() -> FixLogon.verify(logon, KEY.publicKey(), CHAIN), "fix.logon_signature");
  }

  private static void assertCode(Runnable call, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SteleException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}

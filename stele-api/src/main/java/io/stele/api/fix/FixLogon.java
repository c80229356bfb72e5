package io.stele.api.fix;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.RawData;
import quickfix.field.RawDataLength;
import quickfix.field.SenderCompID;
import quickfix.field.SendingTime;
import quickfix.field.TargetCompID;
import quickfix.field.Username;

/**
 * The signed Logon. A client proves its identity by an Ed25519 signature, carried base58-encoded in
 * RawData(96) with its length in RawDataLength(95), over these bytes:
 *
 * <pre>
 * "stele-fix-logon" ‖ chain id (1 byte) ‖ SendingTime(52) ‖ 0x01 ‖ SenderCompID(49) ‖ 0x01 ‖ TargetCompID(56)
 * </pre>
 *
 * with each field's text exactly as transmitted (ASCII). SOH (0x01) cannot occur inside a FIX
 * value, so the fields cannot be shifted into each other; the chain id makes a logon for one
 * network worthless on another. Username(553) may carry the key in base58.
 */
public final class FixLogon {
  private static final byte[] DOMAIN = "stele-fix-logon".getBytes(StandardCharsets.US_ASCII);

  private FixLogon() {}

  /** The bytes a Logon's signature covers. */
  public static byte[] signedBytes(byte chainId, String sendingTime, String sender, String target) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.writeBytes(DOMAIN);
    out.write(chainId);
    out.writeBytes(sendingTime.getBytes(StandardCharsets.US_ASCII));
    out.write(0x01);
    out.writeBytes(sender.getBytes(StandardCharsets.US_ASCII));
    out.write(0x01);
    out.writeBytes(target.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * Signs a Logon whose header is complete (a client calls this from {@code toAdmin}, where
   * QuickFIX/J has already set SendingTime).
   */
  public static void sign(Message logon, KeyPair key, byte chainId) throws FieldNotFound {
    Message.Header h = logon.getHeader();
    byte[] signature =
        key.sign(
            signedBytes(
                chainId,
                h.getString(SendingTime.FIELD),
                h.getString(SenderCompID.FIELD),
                h.getString(TargetCompID.FIELD)));
    String text = Bytes.wrap(signature).toBase58();
    logon.setString(Username.FIELD, key.publicKey().bytes().toBase58());
    logon.setInt(RawDataLength.FIELD, text.length());
    logon.setString(RawData.FIELD, text);
  }

  /**
   * Checks a received Logon against the key its sender must sign with; throws {@code
   * fix.logon_signature} or {@code fix.logon_key} saying what is wrong.
   */
  static void verify(Message logon, PublicKey key, byte chainId) {
    Message.Header h = logon.getHeader();
    try {
      if (logon.isSetField(Username.FIELD)
          && !logon.getString(Username.FIELD).equals(key.bytes().toBase58())) {
        throw new SteleException(
            "fix.logon_key", "Username(553) is not the key registered for this SenderCompID");
      }
      if (!logon.isSetField(RawData.FIELD)) {
        throw new SteleException(
            "fix.logon_signature", "the Logon carries no signature in RawData(96)");
      }
      byte[] signature;
      try {
        signature = Bytes.fromBase58(logon.getString(RawData.FIELD), 64).unsafeArray();
      } catch (SteleException e) {
        throw new SteleException(
            "fix.logon_signature", "RawData(96) is not base58 of a 64-byte signature");
      }
      byte[] message =
          signedBytes(
              chainId,
              h.getString(SendingTime.FIELD),
              h.getString(SenderCompID.FIELD),
              h.getString(TargetCompID.FIELD));
      if (signature.length != PublicKey.SIGNATURE_LENGTH || !key.verify(message, signature)) {
        throw new SteleException(
            "fix.logon_signature",
            "the signature in RawData(96) does not verify for the key of "
                + h.getString(SenderCompID.FIELD)
                + " on chain "
                + chainId);
      }
    } catch (FieldNotFound e) {
      throw new SteleException("fix.logon_signature", "the Logon lacks tag " + e.field);
    }
  }
}

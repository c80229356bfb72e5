package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An epoch as the key service publishes it: the announcement and the X25519 keys of the holders
 * that hold its shares (holder i holds share i), signed by the key service.
 *
 * <pre>
 * u8 version (1) | bytes16 announcement | u8 n | n x 32 holder keys | 32 key service Ed25519 key
 * | 64 Ed25519 signature over "stele.keyservice.epoch" || everything before it
 * </pre>
 */
public record SignedEpoch(
    EpochAnnouncement announcement, List<Bytes> holders, PublicKey keyService, Bytes encoded) {
  public static final int MAX_LENGTH = 32 * 1024;
  private static final int VERSION = 1;
  private static final byte[] DOMAIN = "stele.keyservice.epoch".getBytes(StandardCharsets.US_ASCII);

  public SignedEpoch {
    holders = List.copyOf(holders);
  }

  public static SignedEpoch sign(
      EpochAnnouncement announcement, List<Bytes> holders, KeyPair keyService) {
    ByteWriter w =
        new ByteWriter(1024).u8(VERSION).bytes16(announcement.encode()).u8(holders.size());
    holders.forEach(h -> w.fixed(h.unsafeArray()));
    byte[] body = w.fixed(keyService.publicKey().bytes().unsafeArray()).toByteArray();
    byte[] encoded =
        new ByteWriter(body.length + 64)
            .fixed(body)
            .fixed(keyService.sign(signed(body)))
            .toByteArray();
    return new SignedEpoch(announcement, holders, keyService.publicKey(), Bytes.wrap(encoded));
  }

  /**
   * Parses and checks a signed epoch: {@code keyservice.malformed}, {@code
   * keyservice.wrong_key_service} or {@code keyservice.bad_signature}; the holders must be as many
   * as the announcement's shares.
   */
  public static SignedEpoch verify(byte[] bytes, PublicKey keyService) {
    if (bytes.length > MAX_LENGTH) {
      throw new SteleException(
          "keyservice.malformed", "a signed epoch is at most " + MAX_LENGTH + " bytes");
    }
    EpochAnnouncement announcement;
    List<Bytes> holders = new ArrayList<>();
    PublicKey signer;
    byte[] signature;
    int bodyEnd;
    try {
      ByteReader r = new ByteReader(bytes);
      int version = r.u8("version");
      if (version != VERSION) {
        throw new SteleException("keyservice.malformed", "unknown version " + version);
      }
      announcement = EpochAnnouncement.decode(r.bytes16(MAX_LENGTH, "announcement"));
      int n = r.u8("holder count");
      for (int i = 0; i < n; i++) {
        holders.add(Bytes.wrap(r.fixed(32, "holder key")));
      }
      signer = new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "key service key")));
      bodyEnd = r.position();
      signature = r.fixed(PublicKey.SIGNATURE_LENGTH, "signature");
      r.end("signed epoch");
    } catch (SteleException e) {
      throw new SteleException("keyservice.malformed", "signed epoch: " + e.getMessage());
    }
    if (holders.size() != announcement.shareCommitments().size()) {
      throw new SteleException(
          "keyservice.malformed",
          holders.size()
              + " holders named for "
              + announcement.shareCommitments().size()
              + " shares");
    }
    if (!signer.equals(keyService)) {
      throw new SteleException(
          "keyservice.wrong_key_service",
          "epoch " + announcement.epoch() + " is signed by " + signer + ", not by " + keyService);
    }
    if (!signer.verify(signed(Arrays.copyOf(bytes, bodyEnd)), signature)) {
      throw new SteleException(
          "keyservice.bad_signature",
          "the signature on epoch " + announcement.epoch() + " does not cover these bytes");
    }
    return new SignedEpoch(announcement, holders, signer, Bytes.of(bytes));
  }

  private static byte[] signed(byte[] body) {
    return new ByteWriter(DOMAIN.length + body.length).fixed(DOMAIN).fixed(body).toByteArray();
  }
}

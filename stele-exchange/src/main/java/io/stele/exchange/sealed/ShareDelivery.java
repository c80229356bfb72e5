package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * One share on its way from the key service to its holder: encrypted to the holder's {@link
 * HolderKey} and signed by the key service, so only that holder can read it and it can tell the
 * share came from the key service, whole.
 *
 * <pre>
 * u8 version (1) | u8 chain id | bytes16 announcement ({@link EpochAnnouncement#encode()})
 * | 32 holder X25519 key | 32 ephemeral X25519 key | bytes16 ciphertext | 32 key service Ed25519 key
 * | 64 Ed25519 signature over "stele.keyholder.share" || everything before it
 *
 * key        = HKDF-SHA256(X25519(ephemeral, holder), salt "stele.keyholder.share",
 *                          info = the bytes before the ciphertext, 32 bytes)
 * ciphertext = AES-256-GCM(key, nonce 12 zero bytes, aad = info, u8 index || 32-byte value)
 * </pre>
 *
 * The ephemeral key is fresh for every delivery, so its AES key is used once and a fixed nonce is
 * safe.
 */
public final class ShareDelivery {
  public static final int MAX_LENGTH = 16 * 1024;
  private static final int VERSION = 1;
  private static final byte[] DOMAIN = "stele.keyholder.share".getBytes(StandardCharsets.US_ASCII);
  private static final int TAG_BITS = 128;

  /** What a holder takes from a delivery: the epoch it belongs to and its own share. */
  public record Opened(EpochAnnouncement announcement, KeyShare share) {}

  private ShareDelivery() {}

  public static byte[] seal(
      KeyPair keyService,
      EpochAnnouncement announcement,
      KeyShare share,
      Bytes holderKey,
      Rng rng) {
    byte[] ephemeral = new byte[X25519.SCALAR_SIZE];
    rng.nextBytes(ephemeral);
    byte[] ephemeralPublic = new byte[X25519.POINT_SIZE];
    X25519.scalarMultBase(ephemeral, 0, ephemeralPublic, 0);
    byte[] shared = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(ephemeral, 0, holderKey.unsafeArray(), 0, shared, 0)) {
      throw new SteleException(
          "keyservice.bad_holder_key", "holder key " + holderKey.toBase58() + " is low-order");
    }
    Arrays.fill(ephemeral, (byte) 0);
    byte[] header =
        new ByteWriter(512)
            .u8(VERSION)
            .u8(announcement.chainId())
            .bytes16(announcement.encode())
            .fixed(holderKey.unsafeArray())
            .fixed(ephemeralPublic)
            .toByteArray();
    byte[] plain =
        new ByteWriter(64).u8(share.index()).fixed(share.value().unsafeArray()).toByteArray();
    byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, shared, header, plain);
    Arrays.fill(plain, (byte) 0);
    byte[] body =
        new ByteWriter(header.length + ciphertext.length + 128)
            .fixed(header)
            .bytes16(ciphertext)
            .fixed(keyService.publicKey().bytes().unsafeArray())
            .toByteArray();
    return new ByteWriter(body.length + 64)
        .fixed(body)
        .fixed(keyService.sign(signed(body)))
        .toByteArray();
  }

  /**
   * Checks and decrypts a delivery for {@code holder}: {@code keyholder.malformed}, {@code
   * keyholder.wrong_chain}, {@code keyholder.wrong_key_service} (signed by another key), {@code
   * keyholder.bad_signature} (changed on the way), {@code keyholder.not_for_this_holder}, {@code
   * keyholder.undecryptable}, or {@code sealed.bad_share} when the share is not the one the epoch
   * committed to.
   */
  public static Opened open(byte[] bytes, int chainId, PublicKey keyService, HolderKey holder) {
    if (bytes.length > MAX_LENGTH) {
      throw new SteleException(
          "keyholder.malformed", "a share delivery is at most " + MAX_LENGTH + " bytes");
    }
    ByteReader r = new ByteReader(bytes);
    int version;
    int chain;
    EpochAnnouncement announcement;
    byte[] holderKey;
    byte[] ephemeralPublic;
    int headerEnd;
    byte[] ciphertext;
    PublicKey signer;
    byte[] signature;
    int bodyEnd;
    try {
      version = r.u8("version");
      chain = r.u8("chain id");
      announcement = EpochAnnouncement.decode(r.bytes16(MAX_LENGTH, "announcement"));
      holderKey = r.fixed(X25519.POINT_SIZE, "holder key");
      ephemeralPublic = r.fixed(X25519.POINT_SIZE, "ephemeral key");
      headerEnd = r.position();
      ciphertext = r.bytes16(256, "ciphertext");
      signer = new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "key service key")));
      bodyEnd = r.position();
      signature = r.fixed(PublicKey.SIGNATURE_LENGTH, "signature");
      r.end("share delivery");
    } catch (SteleException e) {
      throw new SteleException("keyholder.malformed", "share delivery: " + e.getMessage());
    }
    if (version != VERSION) {
      throw new SteleException("keyholder.malformed", "unknown share delivery version " + version);
    }
    if (chain != chainId || announcement.chainId() != chainId) {
      throw new SteleException(
          "keyholder.wrong_chain", "the share is for chain " + chain + ", not " + chainId);
    }
    if (!signer.equals(keyService)) {
      throw new SteleException(
          "keyholder.wrong_key_service",
          "the share is signed by " + signer + ", not by the key service " + keyService);
    }
    if (!signer.verify(signed(Arrays.copyOf(bytes, bodyEnd)), signature)) {
      throw new SteleException(
          "keyholder.bad_signature", "the key service's signature does not cover these bytes");
    }
    if (!Arrays.equals(holderKey, holder.publicKey().unsafeArray())) {
      throw new SteleException(
          "keyholder.not_for_this_holder",
          "the share is encrypted to " + Bytes.of(holderKey).toBase58() + ", not to this holder");
    }
    byte[] shared = holder.agree(ephemeralPublic);
    if (shared == null) {
      throw new SteleException("keyholder.undecryptable", "the ephemeral key is low-order");
    }
    byte[] plain;
    try {
      plain = crypt(Cipher.DECRYPT_MODE, shared, Arrays.copyOf(bytes, headerEnd), ciphertext);
    } catch (SteleException e) {
      throw new SteleException("keyholder.undecryptable", "the share does not decrypt");
    }
    ByteReader p = new ByteReader(plain);
    KeyShare share =
        new KeyShare(p.u8("share index"), Bytes.wrap(p.fixed(EpochKey.KEY_LENGTH, "share value")));
    p.end("share");
    announcement.checkShare(share);
    return new Opened(announcement, share);
  }

  private static byte[] signed(byte[] body) {
    return new ByteWriter(DOMAIN.length + body.length).fixed(DOMAIN).fixed(body).toByteArray();
  }

  private static byte[] crypt(int mode, byte[] shared, byte[] header, byte[] input) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, DOMAIN, header));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, new byte[12]));
      cipher.updateAAD(header);
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new SteleException("keyholder.undecryptable", "the share does not authenticate");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}

package io.stele.exchange.sealed;

import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The order key and nonce rule shared by clients and the opener.
 *
 * <pre>
 * shared = X25519(client agreement private key, epoch public key)
 * salt   = SHA-256("stele.sealed.v1" || u8 chain id || i64 epoch || epoch public key)
 * info   = "stele.sealed.order-key" || u8 chain id || i64 epoch || client Ed25519 key
 *          || client X25519 key
 * key    = HKDF-SHA256(shared, salt, info, 32 bytes)
 * nonce  = 4 zero bytes || i64 counter
 * </pre>
 *
 * One key per (chain, epoch, client, agreement key); the counter makes each nonce under it unique.
 */
public final class OrderKeys {
  private static final byte[] SALT_DOMAIN = "stele.sealed.v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INFO_DOMAIN =
      "stele.sealed.order-key".getBytes(StandardCharsets.US_ASCII);
  public static final int KEY_LENGTH = 32;
  public static final int NONCE_LENGTH = 12;

  private OrderKeys() {}

  public static byte[] deriveKey(
      byte[] shared,
      int chainId,
      long epoch,
      byte[] epochPublicKey,
      PublicKey client,
      byte[] clientAgreementKey) {
    byte[] salt =
        Hashes.sha256(
            new ByteWriter(64)
                .fixed(SALT_DOMAIN)
                .u8(chainId)
                .i64(epoch)
                .fixed(epochPublicKey)
                .toByteArray());
    byte[] info =
        new ByteWriter(128)
            .fixed(INFO_DOMAIN)
            .u8(chainId)
            .i64(epoch)
            .fixed(client.bytes().unsafeArray())
            .fixed(clientAgreementKey)
            .toByteArray();
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, salt, info));
    byte[] key = new byte[KEY_LENGTH];
    hkdf.generateBytes(key, 0, KEY_LENGTH);
    return key;
  }

  public static byte[] nonce(long counter) {
    return new ByteWriter(NONCE_LENGTH).u32(0).i64(counter).toByteArray();
  }

  static byte[] seal(byte[] key, long counter, byte[] header, byte[] payload) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, counter, header).doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable", e);
    }
  }

  /**
   * The payload, or null when the ciphertext does not authenticate under this key and header.
   * {@code cipher} is any AES/GCM/NoPadding instance, reused across calls on one thread.
   */
  static byte[] open(Cipher cipher, byte[] key, long counter, SealedEnvelope envelope) {
    byte[] encoded = envelope.unsafeEncoded();
    try {
      init(cipher, Cipher.DECRYPT_MODE, key, counter, encoded, SealedEnvelope.HEADER_LENGTH);
      return cipher.doFinal(encoded, envelope.ciphertextOffset(), envelope.ciphertextLength());
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable", e);
    }
  }

  static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable", e);
    }
  }

  private static Cipher cipher(int mode, byte[] key, long counter, byte[] header)
      throws GeneralSecurityException {
    Cipher cipher = newCipher();
    init(cipher, mode, key, counter, header, header.length);
    return cipher;
  }

  private static void init(
      Cipher cipher, int mode, byte[] key, long counter, byte[] aad, int aadLength)
      throws GeneralSecurityException {
    cipher.init(
        mode,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(SealedEnvelope.TAG_LENGTH * 8, nonce(counter)));
    cipher.updateAAD(aad, 0, aadLength);
  }
}

package io.stele.exchange.sealed;

import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A client's side for one epoch: one fresh X25519 key and one agreement with the epoch key, then
 * AES-256-GCM per order under a counter that only goes up, so no nonce repeats under the key.
 */
public final class OrderSealer {
  private final KeyPair client;
  private final EpochAnnouncement epoch;
  private final byte[] agreementKey = new byte[EpochKey.KEY_LENGTH];
  private final byte[] orderKey;
  private long nextCounter;

  /** Starts counting at {@code firstCounter}: 0 for a fresh epoch, or past the last one used. */
  public OrderSealer(KeyPair client, EpochAnnouncement epoch, Rng rng, long firstCounter) {
    if (firstCounter < 0) {
      throw new IllegalArgumentException("counter must not be negative: " + firstCounter);
    }
    this.client = client;
    this.epoch = epoch;
    this.nextCounter = firstCounter;
    byte[] agreementPrivate = new byte[EpochKey.KEY_LENGTH];
    rng.nextBytes(agreementPrivate);
    X25519.scalarMultBase(agreementPrivate, 0, agreementKey, 0);
    byte[] shared = new byte[EpochKey.KEY_LENGTH];
    if (!X25519.calculateAgreement(
        agreementPrivate, 0, epoch.publicKey().unsafeArray(), 0, shared, 0)) {
      throw new SteleException(
          "sealed.bad_epoch", "epoch " + epoch.epoch() + " has a low-order public key");
    }
    Arrays.fill(agreementPrivate, (byte) 0);
    this.orderKey =
        OrderKeys.deriveKey(
            shared,
            epoch.chainId(),
            epoch.epoch(),
            epoch.publicKey().unsafeArray(),
            client.publicKey(),
            agreementKey);
  }

  public EpochAnnouncement epoch() {
    return epoch;
  }

  /** Encrypts and signs one order payload under the next counter. */
  public SealedEnvelope seal(byte[] payload) {
    if (payload.length > SealedEnvelope.MAX_PAYLOAD_LENGTH) {
      throw new SteleException(
          "sealed.malformed",
          "an order payload is at most "
              + SealedEnvelope.MAX_PAYLOAD_LENGTH
              + " bytes, not "
              + payload.length);
    }
    long counter = nextCounter++;
    byte[] header =
        SealedEnvelope.header(
            epoch.chainId(),
            epoch.epoch(),
            epoch.publicKey().unsafeArray(),
            client.publicKey(),
            counter,
            agreementKey);
    byte[] ciphertext = OrderKeys.seal(orderKey, counter, header, payload);
    return SealedEnvelope.sign(header, ciphertext, client);
  }
}

package io.stele.exchange.sealed;

import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    checkPayload(payload);
    long counter = nextCounter++;
    byte[] header = header(SealedEnvelope.VERSION, counter);
    return SealedEnvelope.sign(header, OrderKeys.seal(orderKey, counter, header, payload), client);
  }

  /**
   * Encrypts each payload on its own under the next counters and signs them once, as a bundle (at
   * most {@link BundleStatement#MAX_MEMBERS} payloads). The sequencer admits all of them or none;
   * none of them can be withdrawn alone.
   */
  public SealedBundle sealBundle(List<byte[]> payloads) {
    if (payloads.isEmpty() || payloads.size() > BundleStatement.MAX_MEMBERS) {
      throw new SteleException(
          "exchange.bundle_malformed",
          "a bundle has 1 to " + BundleStatement.MAX_MEMBERS + " orders, not " + payloads.size());
    }
    long length = BundleStatement.FIXED_LENGTH + PublicKey.SIGNATURE_LENGTH;
    for (byte[] payload : payloads) {
      checkPayload(payload);
      length +=
          32 + 4 + SealedEnvelope.HEADER_LENGTH + 4 + payload.length + SealedEnvelope.TAG_LENGTH;
    }
    if (length > SealedBundle.MAX_LENGTH) {
      throw new SteleException(
          "exchange.bundle_too_large",
          "these orders make a bundle of " + length + " bytes, over " + SealedBundle.MAX_LENGTH);
    }
    List<SealedEnvelope> members = new ArrayList<>(payloads.size());
    for (byte[] payload : payloads) {
      long counter = nextCounter++;
      byte[] header = header(SealedEnvelope.MEMBER_VERSION, counter);
      members.add(
          SealedEnvelope.member(header, OrderKeys.seal(orderKey, counter, header, payload)));
    }
    return SealedBundle.sign(members, client);
  }

  private byte[] header(int version, long counter) {
    return SealedEnvelope.header(
        version,
        epoch.chainId(),
        epoch.epoch(),
        epoch.publicKey().unsafeArray(),
        client.publicKey(),
        counter,
        agreementKey);
  }

  private static void checkPayload(byte[] payload) {
    if (payload.length > SealedEnvelope.MAX_PAYLOAD_LENGTH) {
      throw new SteleException(
          "sealed.malformed",
          "an order payload is at most "
              + SealedEnvelope.MAX_PAYLOAD_LENGTH
              + " bytes, not "
              + payload.length);
    }
  }
}

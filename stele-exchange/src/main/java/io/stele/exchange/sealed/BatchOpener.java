package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;

/**
 * Opens the batches of one epoch with its rebuilt key, in sealed order. Keeps one order key per
 * (client, agreement key), so a busy client costs one X25519 agreement per epoch, not one per
 * order. Not thread-safe.
 */
public final class BatchOpener {
  /** The envelope's client agreement key is a low-order point: no key can be derived. */
  public static final String BAD_AGREEMENT = "sealed.bad_agreement";

  /** The ciphertext does not authenticate under the derived key and the envelope header. */
  public static final String UNDECRYPTABLE = "sealed.undecryptable";

  private final EpochKey key;
  private final Map<Bytes, byte[]> orderKeys = new HashMap<>();
  private final Cipher cipher = OrderKeys.newCipher();

  public BatchOpener(EpochKey key) {
    this.key = key;
  }

  public OpenedBatch open(SealedBatch batch) {
    if (batch.epoch() != key.announcement().epoch()) {
      throw new IllegalArgumentException(
          "batch " + batch.sequence() + " is of epoch " + batch.epoch() + ", not this key's");
    }
    List<OpenedBatch.Order> orders = new ArrayList<>(batch.envelopes().size());
    List<OpenedBatch.Rejection> rejections = new ArrayList<>();
    for (int position = 0; position < batch.envelopes().size(); position++) {
      SealedEnvelope envelope = batch.envelopes().get(position);
      byte[] orderKey = orderKey(envelope);
      if (orderKey == null) {
        rejections.add(
            new OpenedBatch.Rejection(
                position, BAD_AGREEMENT, envelope + " has a low-order agreement key"));
        continue;
      }
      byte[] payload = OrderKeys.open(cipher, orderKey, envelope.counter(), envelope);
      if (payload == null) {
        rejections.add(
            new OpenedBatch.Rejection(
                position, UNDECRYPTABLE, envelope + " does not decrypt under the epoch key"));
        continue;
      }
      orders.add(
          new OpenedBatch.Order(
              position, envelope.client(), envelope.counter(), Bytes.wrap(payload)));
    }
    return new OpenedBatch(batch.sequence(), batch.hash(), orders, rejections);
  }

  private byte[] orderKey(SealedEnvelope envelope) {
    byte[] agreementKey = envelope.agreementKey();
    byte[] pair = new byte[64];
    System.arraycopy(envelope.client().bytes().unsafeArray(), 0, pair, 0, 32);
    System.arraycopy(agreementKey, 0, pair, 32, 32);
    Bytes cacheKey = Bytes.wrap(pair);
    if (orderKeys.containsKey(cacheKey)) {
      return orderKeys.get(cacheKey);
    }
    EpochAnnouncement epoch = key.announcement();
    byte[] shared = key.agree(agreementKey);
    byte[] orderKey =
        shared == null
            ? null
            : OrderKeys.deriveKey(
                shared,
                epoch.chainId(),
                epoch.epoch(),
                epoch.publicKey().unsafeArray(),
                envelope.client(),
                agreementKey);
    orderKeys.put(cacheKey, orderKey);
    return orderKey;
  }
}

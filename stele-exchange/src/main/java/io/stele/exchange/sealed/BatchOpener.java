package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Cipher;

/**
 * Opens the batches of one epoch with its rebuilt key, in sealed order. Keeps one order key per
 * (client, agreement key), so a busy client costs one X25519 agreement per epoch, not one per
 * order. Not thread-safe: one caller at a time ({@link #openInParallel} spreads one batch's work).
 */
public final class BatchOpener {
  /** The envelope's client agreement key is a low-order point: no key can be derived. */
  public static final String BAD_AGREEMENT = "sealed.bad_agreement";

  /** The ciphertext does not authenticate under the derived key and the envelope header. */
  public static final String UNDECRYPTABLE = "sealed.undecryptable";

  private final EpochKey key;
  private final Map<Bytes, byte[]> orderKeys = new HashMap<>();
  private final Cipher cipher = OrderKeys.newCipher();

  /** Envelopes per chunk below which opening in parallel is not worth a task. */
  private static final int MIN_CHUNK = 256;

  private static final int PARALLELISM = ForkJoinPool.getCommonPoolParallelism() + 1;

  public BatchOpener(EpochKey key) {
    this.key = key;
  }

  /** Opens {@code batch} on this thread. */
  public OpenedBatch open(SealedBatch batch) {
    return open(batch, false);
  }

  /**
   * Opens {@code batch} on the common fork-join pool as well as this thread: first each new order
   * key (one X25519 agreement per client and agreement key, as in {@link #open}), then the
   * envelopes in chunks. The result is the same as {@link #open}'s.
   */
  public OpenedBatch openInParallel(SealedBatch batch) {
    return open(batch, true);
  }

  private OpenedBatch open(SealedBatch batch, boolean parallel) {
    if (batch.epoch() != key.announcement().epoch()) {
      throw new IllegalArgumentException(
          "batch " + batch.sequence() + " is of epoch " + batch.epoch() + ", not this key's");
    }
    List<SealedEnvelope> envelopes = batch.envelopes();
    int n = envelopes.size();
    Bytes[] owners = new Bytes[n];
    Map<Bytes, SealedEnvelope> unknown = new LinkedHashMap<>();
    for (int position = 0; position < n; position++) {
      owners[position] = owner(envelopes.get(position));
      if (!orderKeys.containsKey(owners[position])) {
        unknown.putIfAbsent(owners[position], envelopes.get(position));
      }
    }
    List<Map.Entry<Bytes, SealedEnvelope>> derive = new ArrayList<>(unknown.entrySet());
    Stream<Map.Entry<Bytes, SealedEnvelope>> agreements = derive.stream();
    List<byte[]> derived =
        (parallel ? agreements.parallel() : agreements).map(e -> orderKey(e.getValue())).toList();
    for (int i = 0; i < derive.size(); i++) {
      orderKeys.put(derive.get(i).getKey(), derived.get(i));
    }
    // One lookup per envelope; null where the agreement key was a low-order point.
    byte[][] keys = new byte[n][];
    for (int position = 0; position < n; position++) {
      keys[position] = orderKeys.get(owners[position]);
    }

    byte[][] payloads = new byte[n][];
    int chunks = parallel ? Math.max(1, Math.min(n / MIN_CHUNK, PARALLELISM)) : 1;
    IntStream parts = IntStream.range(0, chunks);
    (parallel ? parts.parallel() : parts)
        .forEach(
            chunk -> {
              Cipher chunkCipher = chunks == 1 ? cipher : OrderKeys.newCipher();
              for (int position = chunk * n / chunks;
                  position < (chunk + 1) * n / chunks;
                  position++) {
                SealedEnvelope envelope = envelopes.get(position);
                if (keys[position] != null) {
                  payloads[position] =
                      OrderKeys.open(chunkCipher, keys[position], envelope.counter(), envelope);
                }
              }
            });

    List<OpenedBatch.Order> orders = new ArrayList<>(n);
    List<OpenedBatch.Rejection> rejections = new ArrayList<>();
    for (int position = 0; position < n; position++) {
      SealedEnvelope envelope = envelopes.get(position);
      if (keys[position] == null) {
        rejections.add(
            new OpenedBatch.Rejection(
                position, BAD_AGREEMENT, envelope + " has a low-order agreement key"));
      } else if (payloads[position] == null) {
        rejections.add(
            new OpenedBatch.Rejection(
                position, UNDECRYPTABLE, envelope + " does not decrypt under the epoch key"));
      } else {
        orders.add(
            new OpenedBatch.Order(
                position, envelope.client(), envelope.counter(), Bytes.wrap(payloads[position])));
      }
    }
    return new OpenedBatch(batch.sequence(), batch.hash(), orders, rejections, batch.deposits());
  }

  /** Whose order key opens {@code envelope}: its client key and its agreement key. */
  private static Bytes owner(SealedEnvelope envelope) {
    byte[] pair = new byte[64];
    System.arraycopy(envelope.client().bytes().unsafeArray(), 0, pair, 0, 32);
    System.arraycopy(envelope.agreementKey(), 0, pair, 32, 32);
    return Bytes.wrap(pair);
  }

  /** The order key for {@code envelope}'s owner, or null for a low-order agreement key. */
  private byte[] orderKey(SealedEnvelope envelope) {
    byte[] agreementKey = envelope.agreementKey();
    byte[] shared = key.agree(agreementKey);
    if (shared == null) {
      return null;
    }
    EpochAnnouncement epoch = key.announcement();
    return OrderKeys.deriveKey(
        shared,
        epoch.chainId(),
        epoch.epoch(),
        epoch.publicKey().unsafeArray(),
        envelope.client(),
        agreementKey);
  }
}

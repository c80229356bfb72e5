package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admits signed envelopes and fixes their order into chained batches, without being able to read
 * them. A plain state machine: the same envelopes, announcements and clock readings give the same
 * batches, byte for byte. A refused envelope changes nothing.
 */
public final class Sequencer {
  private final SequencerConfig config;
  private final Clock clock;
  private final List<SealedEnvelope> pending = new ArrayList<>();
  private final Map<PublicKey, Long> lastCounters = new HashMap<>();
  private EpochAnnouncement epoch;
  private int batchesInEpoch;
  private long pendingSince;
  private long lastSealedAt;
  private long nextSequence = 1;
  private Bytes previousHash = SealedBatch.GENESIS;

  public Sequencer(SequencerConfig config, Clock clock, EpochAnnouncement first) {
    this.config = config;
    this.clock = clock;
    checkChain(first);
    this.epoch = first;
  }

  private void checkChain(EpochAnnouncement announcement) {
    if (announcement.chainId() != config.chainId()) {
      throw new SteleException(
          "sealed.wrong_chain",
          "epoch " + announcement.epoch() + " is for chain " + announcement.chainId());
    }
  }

  public EpochAnnouncement epoch() {
    return epoch;
  }

  public boolean epochClosed() {
    return batchesInEpoch == config.batchesPerEpoch();
  }

  /** Opens the next epoch once the current one has closed. */
  public void openEpoch(EpochAnnouncement next) {
    checkChain(next);
    if (!epochClosed()) {
      throw new SteleException(
          "sealed.epoch_open", "epoch " + epoch.epoch() + " has not closed yet");
    }
    if (next.epoch() != epoch.epoch() + 1) {
      throw new SteleException(
          "sealed.bad_epoch",
          "after epoch "
              + epoch.epoch()
              + " comes "
              + (epoch.epoch() + 1)
              + ", not "
              + next.epoch());
    }
    epoch = next;
    batchesInEpoch = 0;
    lastCounters.clear();
  }

  /**
   * Admits envelope bytes from a client, or throws a {@link SteleException} saying why not. Returns
   * the batch this envelope completed, if it did.
   */
  public Optional<SealedBatch> admit(byte[] bytes) {
    return admit(SealedEnvelope.parse(bytes));
  }

  /**
   * Admits an envelope already parsed (and possibly signature-checked on another thread: see {@link
   * SealedEnvelope#signatureValid()}). The same checks apply.
   */
  public Optional<SealedBatch> admit(SealedEnvelope envelope) {
    if (envelope.chainId() != config.chainId()) {
      throw new SteleException(
          "sealed.wrong_chain",
          envelope + " is for chain " + envelope.chainId() + ", not " + config.chainId());
    }
    if (envelope.epoch() < epoch.epoch() || (envelope.epoch() == epoch.epoch() && epochClosed())) {
      throw new SteleException(
          "sealed.closed_epoch", envelope + " is for an epoch that has closed");
    }
    if (envelope.epoch() > epoch.epoch()) {
      throw new SteleException(
          "sealed.unknown_epoch",
          envelope + " is for an epoch not yet open (current " + epoch.epoch() + ")");
    }
    if (!envelope.epochKey().equals(epoch.publicKey())) {
      throw new SteleException(
          "sealed.wrong_epoch_key", envelope + " is sealed to a key that is not the epoch's");
    }
    Long last = lastCounters.get(envelope.client());
    if (last != null && envelope.counter() <= last) {
      throw new SteleException(
          "sealed.replayed_counter",
          envelope + " does not follow counter " + last + " of the same client and epoch");
    }
    if (!envelope.signatureValid()) {
      throw new SteleException("sealed.bad_signature", envelope + " has an invalid signature");
    }
    lastCounters.put(envelope.client(), envelope.counter());
    if (pending.isEmpty()) {
      pendingSince = clock.millis();
    }
    pending.add(envelope);
    return pending.size() >= config.maxEnvelopes() ? Optional.of(seal()) : Optional.empty();
  }

  /**
   * Seals the pending envelopes if the batch interval has passed since the first of them. When
   * nothing is pending in an epoch that has batches but has not closed, an empty batch is sealed
   * one interval after the last one, so that an idle epoch still closes and its orders open.
   */
  public Optional<SealedBatch> tick() {
    long now = clock.millis();
    boolean due =
        pending.isEmpty()
            ? batchesInEpoch > 0 && !epochClosed() && now - lastSealedAt >= config.intervalMillis()
            : now - pendingSince >= config.intervalMillis();
    return due ? Optional.of(seal()) : Optional.empty();
  }

  private SealedBatch seal() {
    SealedBatch batch = SealedBatch.seal(nextSequence, epoch.epoch(), previousHash, pending);
    pending.clear();
    nextSequence++;
    previousHash = batch.hash();
    batchesInEpoch++;
    lastSealedAt = clock.millis();
    return batch;
  }
}

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
  private final List<BundleSignature> pendingBundles = new ArrayList<>();
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
   * Admits bundle bytes from a client: {@link SealedBundle#parse} then {@link
   * #admit(SealedBundle)}.
   */
  public Optional<SealedBatch> admitBundle(byte[] bytes) {
    return admit(SealedBundle.parse(bytes));
  }

  /**
   * Admits an envelope already parsed (and possibly signature-checked on another thread: see {@link
   * SealedEnvelope#signatureValid()}). The same checks apply. A bundle member (version 2) is
   * refused with {@code exchange.bundle_member_alone}: it is admitted only in its bundle.
   */
  public Optional<SealedBatch> admit(SealedEnvelope envelope) {
    if (envelope.bundleMember()) {
      throw new SteleException(
          "exchange.bundle_member_alone",
          envelope + " is a bundle member (version 2): send it in its signed bundle");
    }
    checkSealing(envelope, envelope.chainId(), envelope.epoch(), envelope.epochKey());
    checkCounter(envelope, envelope.client(), envelope.counter());
    if (!envelope.signatureValid()) {
      throw new SteleException("sealed.bad_signature", envelope + " has an invalid signature");
    }
    lastCounters.put(envelope.client(), envelope.counter());
    return add(List.of(envelope));
  }

  /**
   * Admits every member of a bundle, consecutively, or none: the checks of {@link
   * #admit(SealedEnvelope)} apply to the bundle (its first counter must follow the client's last
   * one), and its one signature must verify ({@code exchange.bundle_bad_signature}). A bundle is
   * never split: the batch it completes may hold up to {@link BundleStatement#MAX_MEMBERS} - 1
   * envelopes more than {@code maxEnvelopes}.
   */
  public Optional<SealedBatch> admit(SealedBundle bundle) {
    BundleStatement statement = bundle.statement();
    checkSealing(bundle, statement.chainId(), statement.epoch(), statement.epochKey());
    List<SealedEnvelope> members = bundle.members();
    checkCounter(bundle, statement.client(), members.get(0).counter());
    if (!bundle.signatureValid()) {
      throw new SteleException(
          "exchange.bundle_bad_signature", bundle + " has an invalid signature");
    }
    lastCounters.put(statement.client(), members.get(members.size() - 1).counter());
    pendingBundles.add(bundle.at(pending.size()));
    return add(members);
  }

  private void checkSealing(Object what, int chainId, long envelopeEpoch, Bytes epochKey) {
    if (chainId != config.chainId()) {
      throw new SteleException(
          "sealed.wrong_chain", what + " is for chain " + chainId + ", not " + config.chainId());
    }
    if (envelopeEpoch < epoch.epoch() || (envelopeEpoch == epoch.epoch() && epochClosed())) {
      throw new SteleException("sealed.closed_epoch", what + " is for an epoch that has closed");
    }
    if (envelopeEpoch > epoch.epoch()) {
      throw new SteleException(
          "sealed.unknown_epoch",
          what + " is for an epoch not yet open (current " + epoch.epoch() + ")");
    }
    if (!epochKey.equals(epoch.publicKey())) {
      throw new SteleException(
          "sealed.wrong_epoch_key", what + " is sealed to a key that is not the epoch's");
    }
  }

  private void checkCounter(Object what, PublicKey client, long counter) {
    Long last = lastCounters.get(client);
    if (last != null && counter <= last) {
      throw new SteleException(
          "sealed.replayed_counter",
          what + " does not follow counter " + last + " of the same client and epoch");
    }
  }

  private Optional<SealedBatch> add(List<SealedEnvelope> envelopes) {
    if (pending.isEmpty()) {
      pendingSince = clock.millis();
    }
    pending.addAll(envelopes);
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
    SealedBatch batch =
        SealedBatch.seal(nextSequence, epoch.epoch(), previousHash, pending, pendingBundles);
    pending.clear();
    pendingBundles.clear();
    nextSequence++;
    previousHash = batch.hash();
    batchesInEpoch++;
    lastSealedAt = clock.millis();
    return batch;
  }
}

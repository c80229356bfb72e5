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
import java.util.function.Supplier;

/**
 * Admits signed envelopes and fixes their order into chained batches, without being able to read
 * them. A plain state machine: the same envelopes, announcements and clock readings give the same
 * batches, byte for byte. A refused envelope changes nothing.
 *
 * <p>Opened with a {@link SequencerLog} ({@link #recover}), every input is appended to the log
 * before it takes effect, in the order it takes effect; the caller acknowledges an input (tells a
 * client it is admitted, publishes a batch) only after {@link #awaitDurable} for {@link #logged()}
 * read after it has returned. A restart rebuilds the same state from every acknowledged input: the
 * chain continues from the last sealed batch, the open batch keeps its envelopes, and counters
 * already used stay used.
 */
public final class Sequencer {
  private final SequencerConfig config;
  private final Clock clock;
  private final List<SealedEnvelope> pending = new ArrayList<>();
  private final List<BundleSignature> pendingBundles = new ArrayList<>();
  private final List<SealedBatch.Deposit> pendingDeposits = new ArrayList<>();
  private final Map<PublicKey, Long> lastCounters = new HashMap<>();
  private final Map<PublicKey, Long> lastDepositCounters = new HashMap<>();
  private EpochAnnouncement epoch;
  private int batchesInEpoch;
  private long pendingSince;
  private long lastSealedAt;
  private long nextSequence = 1;
  private Bytes previousHash = SealedBatch.GENESIS;
  private SequencerLog log;
  private long logged;

  /** Set while the log is replayed: logged inputs are applied as logged, seals included. */
  private boolean replaying;

  public Sequencer(SequencerConfig config, Clock clock, EpochAnnouncement first) {
    this.config = config;
    this.clock = clock;
    checkChain(first);
    this.epoch = first;
  }

  /** A sequencer rebuilt from its log, and the batches it sealed before, oldest first. */
  public record Recovered(Sequencer sequencer, List<SealedBatch> batches) {}

  /**
   * Rebuilds the sequencer from {@code log} by replaying what it holds; an empty log starts a new
   * chain at the epoch {@code first} gives. From then on every input is logged before it takes
   * effect. The caller republishes any of the returned batches its archive lacks (sealed, then
   * stopped before publishing).
   */
  public static Recovered recover(
      SequencerConfig config, Clock clock, SequencerLog log, Supplier<EpochAnnouncement> first) {
    List<SequencerLog.Entry> entries = log.takeEntries();
    List<SealedBatch> batches = new ArrayList<>();
    Sequencer s;
    if (entries.isEmpty()) {
      EpochAnnouncement announcement = first.get();
      s = new Sequencer(config, clock, announcement);
      log.append(SequencerLog.Kind.EPOCH, clock.millis(), SequencerLog.encode(announcement));
    } else {
      if (entries.get(0).kind() != SequencerLog.Kind.EPOCH) {
        throw new SteleException("sequencer.log_corrupt", "the log does not start with an epoch");
      }
      s = new Sequencer(config, clock, SequencerLog.decode(entries.get(0).body()));
      s.replaying = true;
      for (SequencerLog.Entry e : entries.subList(1, entries.size())) {
        switch (e.kind()) {
          case EPOCH -> s.openEpoch(SequencerLog.decode(e.body()));
          case ENVELOPE -> s.admit(SealedEnvelope.parse(e.body()), e.time());
          case BUNDLE -> s.admit(SealedBundle.parse(e.body()), e.time());
          case DEPOSIT -> s.admit(SealedDeposit.parse(e.body()), e.time());
          case SEAL -> batches.add(s.seal(e.time()));
        }
      }
    }
    s.replaying = false;
    s.log = log;
    if (s.pending.size() >= config.maxEnvelopes()) {
      // Stopped after logging the envelope that filled the batch, before logging its seal.
      batches.add(s.seal());
    }
    // What was replayed may have been written but never forced: it is made durable before use.
    s.logged = log.end();
    s.awaitDurable(s.logged);
    return new Recovered(s, batches);
  }

  private void append(SequencerLog.Kind kind, long time, byte[] body) {
    if (log != null) {
      logged = log.append(kind, time, body);
    }
  }

  /**
   * The log position after the last input this sequencer logged (0 without a log); read under the
   * same lock as the input, then passed to {@link #awaitDurable} outside it.
   */
  public long logged() {
    return logged;
  }

  /**
   * Returns once the log is on disk up to {@code position}; safe to call without the lock that
   * serialises inputs, so concurrent admitters share one fsync. Does nothing without a log.
   */
  public void awaitDurable(long position) {
    if (log != null) {
      log.force(position);
    }
  }

  /** The last sealed batch's sequence (0 before the first) and hash (the genesis hash before). */
  public long lastSequence() {
    return nextSequence - 1;
  }

  public Bytes lastHash() {
    return previousHash;
  }

  /** How many admitted envelopes wait for the next batch. */
  public int pendingEnvelopes() {
    return pending.size();
  }

  /** How many admitted deposits wait for the next batch. */
  public int pendingDeposits() {
    return pendingDeposits.size();
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
    append(SequencerLog.Kind.EPOCH, clock.millis(), SequencerLog.encode(next));
    epoch = next;
    batchesInEpoch = 0;
    lastCounters.clear();
    lastDepositCounters.clear();
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
    check(envelope);
    long now = clock.millis();
    append(SequencerLog.Kind.ENVELOPE, now, envelope.bytes().unsafeArray());
    return admit(envelope, now);
  }

  private Optional<SealedBatch> admit(SealedEnvelope envelope, long now) {
    if (replaying) {
      check(envelope); // the log is not trusted blindly: its envelopes pass the same checks
    }
    lastCounters.put(envelope.client(), envelope.counter());
    return add(List.of(envelope), now);
  }

  /**
   * Admits every member of a bundle, consecutively, or none: the checks of {@link
   * #admit(SealedEnvelope)} apply to the bundle (its first counter must follow the client's last
   * one), and its one signature must verify ({@code exchange.bundle_bad_signature}). A bundle is
   * never split: the batch it completes may hold up to {@link BundleStatement#MAX_MEMBERS} - 1
   * envelopes more than {@code maxEnvelopes}. One log record covers the whole bundle.
   */
  public Optional<SealedBatch> admit(SealedBundle bundle) {
    check(bundle);
    long now = clock.millis();
    append(SequencerLog.Kind.BUNDLE, now, bundle.bytes().unsafeArray());
    return admit(bundle, now);
  }

  private Optional<SealedBatch> admit(SealedBundle bundle, long now) {
    if (replaying) {
      check(bundle);
    }
    List<SealedEnvelope> members = bundle.members();
    lastCounters.put(bundle.statement().client(), members.get(members.size() - 1).counter());
    pendingBundles.add(bundle.at(pending.size()));
    return add(members, now);
  }

  /**
   * Admits a signed deposit as a plaintext entry of the open batch, at the position after the
   * envelopes admitted before it: the same epoch and counter rules as an envelope (its counters
   * rise per signer and epoch, apart from envelopes'), then its signature ({@code
   * sealed.bad_signature}). Whether the signer may fund accounts is the caller's check. A deposit
   * does not count towards {@code maxEnvelopes}.
   */
  public void admit(SealedDeposit deposit) {
    check(deposit);
    long now = clock.millis();
    append(SequencerLog.Kind.DEPOSIT, now, deposit.unsafeEncoded());
    admit(deposit, now);
  }

  private void admit(SealedDeposit deposit, long now) {
    if (replaying) {
      check(deposit);
    }
    lastDepositCounters.put(deposit.signer(), deposit.counter());
    if (pendingEmpty()) {
      pendingSince = now;
    }
    pendingDeposits.add(new SealedBatch.Deposit(pending.size(), deposit));
  }

  private void check(SealedDeposit deposit) {
    checkEpoch(deposit, deposit.chainId(), deposit.epoch());
    Long last = lastDepositCounters.get(deposit.signer());
    if (last != null && deposit.counter() <= last) {
      throw new SteleException(
          "sealed.replayed_counter",
          deposit + " does not follow deposit counter " + last + " of the same signer and epoch");
    }
    if (!deposit.signatureValid()) {
      throw new SteleException("sealed.bad_signature", deposit + " has an invalid signature");
    }
  }

  private boolean pendingEmpty() {
    return pending.isEmpty() && pendingDeposits.isEmpty();
  }

  private Optional<SealedBatch> add(List<SealedEnvelope> envelopes, long now) {
    if (pendingEmpty()) {
      pendingSince = now;
    }
    // Each leaf hash (and its text for the batch file) is made as its envelope arrives, so the
    // seal hashes only the tree's inner nodes and publishing encodes no hash per envelope.
    envelopes.forEach(SealedEnvelope::leafHashText);
    pending.addAll(envelopes);
    // While replaying, a full batch is sealed by the SEAL record that follows it in the log.
    return pending.size() >= config.maxEnvelopes() && !replaying
        ? Optional.of(seal())
        : Optional.empty();
  }

  private void check(SealedEnvelope envelope) {
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
  }

  private void check(SealedBundle bundle) {
    BundleStatement statement = bundle.statement();
    checkSealing(bundle, statement.chainId(), statement.epoch(), statement.epochKey());
    checkCounter(bundle, statement.client(), bundle.members().get(0).counter());
    if (!bundle.signatureValid()) {
      throw new SteleException(
          "exchange.bundle_bad_signature", bundle + " has an invalid signature");
    }
  }

  private void checkSealing(Object what, int chainId, long envelopeEpoch, Bytes epochKey) {
    checkEpoch(what, chainId, envelopeEpoch);
    if (!epochKey.equals(epoch.publicKey())) {
      throw new SteleException(
          "sealed.wrong_epoch_key", what + " is sealed to a key that is not the epoch's");
    }
  }

  private void checkEpoch(Object what, int chainId, long envelopeEpoch) {
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
  }

  private void checkCounter(Object what, PublicKey client, long counter) {
    Long last = lastCounters.get(client);
    if (last != null && counter <= last) {
      throw new SteleException(
          "sealed.replayed_counter",
          what + " does not follow counter " + last + " of the same client and epoch");
    }
  }

  /**
   * Seals the pending envelopes if the batch interval has passed since the first of them. When
   * nothing is pending in an epoch that has batches but has not closed, an empty batch is sealed
   * one interval after the last one, so that an idle epoch still closes and its orders open.
   */
  public Optional<SealedBatch> tick() {
    long now = clock.millis();
    boolean due =
        pendingEmpty()
            ? batchesInEpoch > 0 && !epochClosed() && now - lastSealedAt >= config.intervalMillis()
            : now - pendingSince >= config.intervalMillis();
    return due ? Optional.of(seal()) : Optional.empty();
  }

  private SealedBatch seal() {
    long now = clock.millis();
    append(SequencerLog.Kind.SEAL, now, new byte[0]);
    return seal(now);
  }

  private SealedBatch seal(long now) {
    SealedBatch batch =
        SealedBatch.seal(
            nextSequence, epoch.epoch(), previousHash, pending, pendingBundles, pendingDeposits);
    pending.clear();
    pendingBundles.clear();
    pendingDeposits.clear();
    nextSequence++;
    previousHash = batch.hash();
    batchesInEpoch++;
    lastSealedAt = now;
    return batch;
  }
}

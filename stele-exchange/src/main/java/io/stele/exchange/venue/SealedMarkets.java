package io.stele.exchange.venue;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.StateDump;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.BatchOpener;
import io.stele.exchange.sealed.BatchOutcome;
import io.stele.exchange.sealed.BatchPublisher;
import io.stele.exchange.sealed.EpochAnnouncement;
import io.stele.exchange.sealed.EpochCustody;
import io.stele.exchange.sealed.EpochKey;
import io.stele.exchange.sealed.KeyShare;
import io.stele.exchange.sealed.OpenedBatch;
import io.stele.exchange.sealed.OutcomeArchive;
import io.stele.exchange.sealed.SealedBatch;
import io.stele.exchange.sealed.SealedBundle;
import io.stele.exchange.sealed.SealedDeposit;
import io.stele.exchange.sealed.SealedEnvelope;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.Sequencer;
import io.stele.exchange.sealed.SequencerLog;
import io.stele.exchange.sealed.SignedEpoch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The sealed markets of a venue (docs/sealed-batches.md): the {@link Sequencer} fixes the order of
 * admitted envelopes and signed deposits into batches, each batch is published to a directory and
 * its hash anchored, the key holders of the epoch follow the published, anchored chain and release
 * their shares once the epoch has closed, and the opened batch is then executed with {@link
 * SealedExchange} (orders and deposits in sealed order, then one auction per sealed market): its
 * outcome is published and its commands run on the venue's sealed lane, an engine of their own, so
 * that anyone can re-execute the published directory and find the same trades and state. Who deals
 * the epoch keys and holds their shares is the {@link EpochCustody}'s business: holders in this
 * process, or a key service and holders in other processes, from which this venue only collects
 * released shares.
 */
public final class SealedMarkets implements AutoCloseable {
  /**
   * What admitting an envelope did: the epoch and counter it is sealed under, its account, and its
   * place in the sealed order, fixed now: the batch it goes into and its position there (for a
   * deposit, the position of the envelope it is applied before).
   */
  public record Admission(long epoch, long counter, long account, long batch, int position) {}

  /**
   * What admitting a bundle did: its epoch, the counters of its first and last orders, its size,
   * and the batch and position of its first order (the others follow it).
   */
  public record BundleAdmission(
      long epoch,
      long firstCounter,
      long lastCounter,
      int orders,
      long account,
      long batch,
      int position) {}

  /** Where the entry just admitted sits: in the batch it completed, or in the open one. */
  private record Place(long batch, int position) {}

  /**
   * A batch as the venue reports it: its place in the chain, its anchor's block height once final
   * (-1 before), whether it has been opened and executed, and the orders that were not executed
   * (undecryptable, malformed, or for a market that is not sealed).
   */
  public record BatchInfo(
      long sequence,
      long epoch,
      Bytes hash,
      int envelopes,
      long anchorHeight,
      boolean executed,
      List<OpenedBatch.Rejection> rejections) {}

  private static final class Epoch {
    final EpochAnnouncement announcement;
    final Optional<SignedEpoch> signed;
    final List<SealedBatch> batches = new ArrayList<>();
    int anchored;
    CompletableFuture<List<KeyShare>> shares;

    Epoch(EpochAnnouncement announcement, Optional<SignedEpoch> signed) {
      this.announcement = announcement;
      this.signed = signed;
    }
  }

  private record Published(SealedBatch batch, CompletableFuture<Optional<AnchorProof>> anchor) {}

  private final VenueConfig config;
  private final BatchArchive archive;
  private final BatchPublisher publisher;
  private final Function<List<Command>, CompletableFuture<List<Outcome>>> execute;
  private final EpochCustody custody;
  private final OutcomeArchive outcomes;
  private final SealedExchange exchange;
  private final long executedThrough;
  private final Sequencer sequencer;
  private final Map<Long, Epoch> epochs = new HashMap<>();
  private final ArrayDeque<Published> unconfirmed = new ArrayDeque<>();
  private final ArrayDeque<Epoch> closed = new ArrayDeque<>();
  private final List<BatchInfo> infos = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private String problem;

  /**
   * {@code directory} is where batches are published; {@code privateDir} holds the sequencer's log;
   * {@code custody} deals the epoch keys and releases their shares; {@code executedThrough} is the
   * last batch whose commands the sealed lane's journal holds (its auction command names it), and
   * {@code executedState} the sealed lane's {@link StateDump} after it. Whatever the sequencer had
   * admitted, sealed or published before a stop is taken up again: the chain continues, the open
   * batch keeps its envelopes, and batches not yet executed are anchored, opened and executed. A
   * new directory gets {@code exchange.json} and {@code exchange-start.dump} first.
   */
  SealedMarkets(
      VenueConfig config,
      Path directory,
      Path privateDir,
      long executedThrough,
      byte[] executedState,
      Clock clock,
      Anchorer anchorer,
      EpochCustody custody,
      Function<List<Command>, CompletableFuture<List<Outcome>>> execute) {
    this.config = config;
    this.archive = new BatchArchive(directory);
    this.publisher = new BatchPublisher(archive, anchorer);
    this.custody = custody;
    this.execute = execute;
    this.outcomes = new OutcomeArchive(directory);
    this.exchange = new SealedExchange(StateDump.read(executedState));
    publishStart(executedThrough);
    this.executedThrough = executedThrough;
    Sequencer.Recovered recovered =
        Sequencer.recover(
            config.sealing(),
            clock,
            SequencerLog.open(privateDir.resolve("sequencer.log")),
            () -> startEpoch(0, 0, SealedBatch.GENESIS).announcement);
    this.sequencer = recovered.sequencer();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("venue-sealing").daemon().unstarted(r));
    // An anchor that arrives at once wakes the timer: it waits for the lock until resume is done.
    synchronized (this) {
      resume(recovered.batches());
      sequencer.awaitDurable(sequencer.logged());
    }
    long every = Math.clamp(config.sealing().intervalMillis() / 4, 5, 100);
    timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Publishes the manifest and the starting state (assets and markets, no balances) when the
   * directory does not have them yet. Only a sealed lane that has executed nothing is at its start.
   */
  private void publishStart(long executedThrough) {
    if (outcomes.hasStart()) {
      return;
    }
    if (executedThrough > 0) {
      throw new SteleException(
          "sealed.start_missing",
          archive.directory() + " has no exchange.json but batches were executed");
    }
    try {
      Files.createDirectories(archive.directory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + archive.directory(), e);
    }
    outcomes.writeStart(
        new OutcomeArchive.Manifest(
            config.chainId(),
            config.sealing().batchesPerEpoch(),
            config.faucet().orElse(null),
            custody.keyService().isPresent()
                ? OutcomeArchive.Custody.KEY_SERVICE
                : OutcomeArchive.Custody.IN_PROCESS,
            custody.keyService().orElse(null)),
        exchange.engine());
  }

  /**
   * After a restart: rebuilds the batch list, brings back every epoch that still has batches to
   * execute (and the current one), and hands their batches to the custody again, anchoring any
   * batch whose anchor was not filed.
   */
  private void resume(List<SealedBatch> sealedBefore) {
    long afterSequence = 0;
    Bytes afterHash = SealedBatch.GENESIS;
    long previousEpoch = -1;
    for (SealedBatch batch : sealedBefore) {
      if (batch.epoch() != previousEpoch) {
        previousEpoch = batch.epoch();
        if (batch.sequence() > executedThrough || batch.epoch() == sequencer.epoch().epoch()) {
          restoreEpoch(batch.epoch(), batch.sequence() - 1, batch.previousHash());
        }
      }
      infos.add(
          new BatchInfo(
              batch.sequence(),
              batch.epoch(),
              batch.hash(),
              batch.envelopes().size(),
              archive.readAnchor(batch.sequence()).map(AnchorProof::blockHeight).orElse(-1L),
              batch.sequence() <= executedThrough,
              List.of()));
      Epoch epoch = epochs.get(batch.epoch());
      if (epoch != null) {
        epoch.batches.add(batch);
        Optional<AnchorProof> anchor = archive.readAnchor(batch.sequence());
        if (archive.readBatch(batch.sequence()).isPresent() && anchor.isPresent()) {
          unconfirmed.addLast(new Published(batch, CompletableFuture.completedFuture(anchor)));
        } else {
          publish(batch, false);
        }
      }
      afterSequence = batch.sequence();
      afterHash = batch.hash();
    }
    long current = sequencer.epoch().epoch();
    if (!epochs.containsKey(current)) {
      restoreEpoch(current, afterSequence, afterHash);
    }
    if (sequencer.epochClosed()) {
      // Stopped between sealing an epoch's last batch and opening the next epoch.
      Epoch next = startEpoch(current + 1, afterSequence, afterHash);
      sequencer.openEpoch(next.announcement);
    }
  }

  private void restoreEpoch(long number, long afterSequence, Bytes afterHash) {
    EpochAnnouncement announcement =
        number == sequencer.epoch().epoch()
            ? sequencer.epoch()
            : archive
                .readEpoch(number)
                .orElseThrow(
                    () ->
                        new SteleException(
                            "sealed.epoch_missing", "epoch " + number + " is not published"));
    custody.resume(announcement, afterSequence, afterHash);
    epochs.put(number, new Epoch(announcement, publishedSignature(number)));
  }

  /** The key service's signed epoch as published before a restart, checked again. */
  private Optional<SignedEpoch> publishedSignature(long number) {
    return custody
        .keyService()
        .flatMap(key -> archive.signedEpochFile(number).map(b -> SignedEpoch.verify(b, key)));
  }

  /** The directory the batches, anchors, epochs, shares and rejections are published in. */
  public Path directory() {
    return archive.directory();
  }

  private Epoch startEpoch(long number, long afterSequence, Bytes afterHash) {
    EpochCustody.Dealt dealt = custody.deal(number, afterSequence, afterHash);
    EpochAnnouncement announcement = dealt.announcement();
    if (announcement.epoch() != number
        || announcement.threshold() != config.threshold()
        || announcement.shareCommitments().size() != config.keyHolders()) {
      throw new SteleException(
          "sealed.bad_epoch",
          "the custody dealt epoch "
              + announcement.epoch()
              + ", "
              + announcement.threshold()
              + " of "
              + announcement.shareCommitments().size()
              + "; this venue asked for epoch "
              + number
              + ", "
              + config.threshold()
              + " of "
              + config.keyHolders());
    }
    // The signature first: whoever finds epoch-E.json of a split-custody venue finds it too.
    dealt.signed().ifPresent(archive::writeSignedEpoch);
    archive.writeEpoch(announcement);
    Epoch epoch = new Epoch(announcement, dealt.signed());
    epochs.put(number, epoch);
    return epoch;
  }

  Admission admit(byte[] bytes) {
    SealedEnvelope envelope = SealedEnvelope.parse(bytes);
    // The signature check is the costly part: done here, outside the lock, request threads check
    // envelopes in parallel; the sequencer reuses the cached result.
    envelope.signatureValid();
    long logged;
    Place place;
    synchronized (this) {
      place = placed(sequencer.admit(envelope), 1);
      logged = sequencer.logged();
    }
    // Group commit: acknowledged once durable, the fsync shared with concurrent admissions.
    sequencer.awaitDurable(logged);
    return new Admission(
        envelope.epoch(),
        envelope.counter(),
        SealedExchange.accountOf(envelope.client()),
        place.batch(),
        place.position());
  }

  /**
   * Under the lock, right after admitting {@code entries} envelopes: where the first of them sits.
   * A batch they completed is handed on as sealed.
   */
  private Place placed(Optional<SealedBatch> completed, int entries) {
    if (completed.isPresent()) {
      SealedBatch batch = completed.get();
      sealed(batch);
      return new Place(batch.sequence(), batch.envelopes().size() - entries);
    }
    return new Place(sequencer.lastSequence() + 1, sequencer.pendingEnvelopes() - entries);
  }

  BundleAdmission admitBundle(byte[] bytes) {
    SealedBundle bundle = SealedBundle.parse(bytes);
    // One signature for the whole bundle, checked outside the lock like an envelope's.
    bundle.signatureValid();
    List<SealedEnvelope> members = bundle.members();
    long logged;
    Place place;
    synchronized (this) {
      place = placed(sequencer.admit(bundle), members.size());
      logged = sequencer.logged();
    }
    sequencer.awaitDurable(logged);
    return new BundleAdmission(
        bundle.epoch(),
        members.get(0).counter(),
        members.get(members.size() - 1).counter(),
        members.size(),
        SealedExchange.accountOf(bundle.client()),
        place.batch(),
        place.position());
  }

  /**
   * Admits a signed deposit to a sealed-market account: only from the faucet key ({@code
   * exchange.no_faucet}, {@code exchange.not_faucet}) and of a known asset ({@code
   * exchange.unknown_asset}); then as any batch entry, durable before it is acknowledged.
   */
  Admission admitDeposit(byte[] bytes) {
    SealedDeposit deposit = SealedDeposit.parse(bytes);
    PublicKey faucet =
        config
            .faucet()
            .orElseThrow(
                () -> new SteleException("exchange.no_faucet", "this venue has no faucet"));
    if (!faucet.equals(deposit.signer())) {
      throw new SteleException(
          "exchange.not_faucet", "deposits must be signed by the faucet key " + faucet);
    }
    if (deposit.asset() < 1 || deposit.asset() > config.assets().size()) {
      throw new SteleException(
          "exchange.unknown_asset", "no asset " + deposit.asset() + " on this venue");
    }
    // Checked here, outside the lock, like an envelope's; the sequencer reuses the answer.
    deposit.signatureValid();
    long logged;
    Place place;
    synchronized (this) {
      sequencer.admit(deposit);
      place = placed(Optional.empty(), 0);
      logged = sequencer.logged();
    }
    sequencer.awaitDurable(logged);
    return new Admission(
        deposit.epoch(),
        deposit.counter(),
        SealedExchange.accountOf(deposit.recipient()),
        place.batch(),
        place.position());
  }

  synchronized EpochAnnouncement epoch() {
    return sequencer.epoch();
  }

  /**
   * The epoch clients seal orders to now, with the key service's signed epoch when a key service
   * dealt it (read in one step, so the two always belong together).
   */
  synchronized EpochCustody.Dealt currentEpoch() {
    Epoch current = epochs.get(sequencer.epoch().epoch());
    return new EpochCustody.Dealt(current.announcement, current.signed);
  }

  /** The key service whose signature the epochs carry; empty when this venue deals them. */
  public Optional<PublicKey> keyService() {
    return custody.keyService();
  }

  synchronized List<BatchInfo> batches(long fromSequence, int limit) {
    int from = (int) Math.min(Math.max(fromSequence - 1, 0), infos.size());
    return List.copyOf(infos.subList(from, Math.min(infos.size(), from + limit)));
  }

  private synchronized void tick() {
    try {
      sequencer.tick().ifPresent(this::sealed);
      confirm();
      openReleased();
    } catch (RuntimeException e) {
      // The timer must keep running; the failure is reported by problem().
      problem = e.toString();
    }
  }

  /**
   * A batch was sealed (and the next epoch opened if it closed one): the log is forced before the
   * batch is published, so no published batch rests on records a crash could lose. One fsync per
   * batch, under the lock.
   */
  private void sealed(SealedBatch batch) {
    infos.add(
        new BatchInfo(
            batch.sequence(),
            batch.epoch(),
            batch.hash(),
            batch.envelopes().size(),
            -1,
            false,
            List.of()));
    epochs.get(batch.epoch()).batches.add(batch);
    if (sequencer.epochClosed()) {
      Epoch next = startEpoch(batch.epoch() + 1, batch.sequence(), batch.hash());
      sequencer.openEpoch(next.announcement);
    }
    sequencer.awaitDurable(sequencer.logged());
    publish(batch, false);
  }

  /**
   * Publishes and anchors a batch; its anchor's arrival wakes the sealing thread. A retry waits for
   * the next periodic tick instead, so a ledger that keeps refusing is not asked in a tight loop.
   */
  private void publish(SealedBatch batch, boolean retry) {
    Published published = new Published(batch, publisher.publish(batch));
    if (retry) {
      unconfirmed.addFirst(published);
    } else {
      unconfirmed.addLast(published);
      published.anchor().whenComplete((proof, failure) -> timer.execute(this::tick));
    }
  }

  /** Hands anchored batches, in order, to the custody; an epoch whose batches all are is closed. */
  private void confirm() {
    while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().anchor().isDone()) {
      Published head = unconfirmed.peekFirst();
      if (head.anchor().isCompletedExceptionally()) {
        // e.g. a full anchoring queue: publish (and anchor) the same batch again.
        unconfirmed.pollFirst();
        publish(head.batch(), true);
        return;
      }
      unconfirmed.pollFirst();
      SealedBatch batch = head.batch();
      AnchorProof proof = head.anchor().join().orElse(null);
      Epoch epoch = epochs.get(batch.epoch());
      custody.observe(batch, proof);
      update(batch.sequence(), proof == null ? -1 : proof.blockHeight(), false, List.of());
      if (++epoch.anchored == config.sealing().batchesPerEpoch()) {
        closed.addLast(epoch);
      }
    }
  }

  /**
   * Asks the custody for the shares of the oldest closed epoch and opens it once they are there;
   * epochs open in order. A failed collection is asked for again at the next tick.
   */
  private void openReleased() {
    while (!closed.isEmpty()) {
      Epoch epoch = closed.peekFirst();
      if (epoch.batches.stream().allMatch(b -> b.sequence() <= executedThrough)) {
        // Taken up after a restart with nothing left to run: its holders may have let go already.
        closed.pollFirst();
        epochs.remove(epoch.announcement.epoch());
        custody.executed(epoch.announcement.epoch());
        continue;
      }
      if (epoch.shares == null) {
        epoch.shares = custody.release(epoch.announcement);
        if (!epoch.shares.isDone()) {
          epoch.shares.whenComplete((shares, failure) -> timer.execute(this::tick));
        }
      }
      if (!epoch.shares.isDone()) {
        return;
      }
      if (epoch.shares.isCompletedExceptionally()) {
        CompletableFuture<List<KeyShare>> failed = epoch.shares;
        epoch.shares = null;
        failed.join(); // throws: tick reports it, and the next tick asks again
      }
      closed.pollFirst();
      open(epoch, epoch.shares.join());
    }
  }

  private void open(Epoch epoch, List<KeyShare> released) {
    EpochAnnouncement announcement = epoch.announcement;
    archive.writeShares(announcement.epoch(), released);
    BatchOpener opener = new BatchOpener(EpochKey.recover(announcement, released));
    for (SealedBatch batch : epoch.batches) {
      if (batch.sequence() <= executedThrough) {
        continue; // executed before a restart: its commands are in the journal
      }
      OpenedBatch opened = opener.openInParallel(batch);
      archive.writeRejections(opened);
      List<Command> commands = exchange.commands(opened);
      BatchOutcome outcome = exchange.apply(opened);
      // Published before the commands are journaled: after a crash in between the batch runs
      // again from the same state and the same outcome is written again.
      outcomes.write(outcome);
      execute.apply(commands);
      List<OpenedBatch.Rejection> rejections = new ArrayList<>(opened.rejections());
      for (BatchOutcome.Result result : outcome.results()) {
        if (!result.code().equals(BatchOutcome.ACCEPTED)) {
          rejections.add(
              new OpenedBatch.Rejection(result.position(), result.code(), result.message()));
        }
      }
      update(batch.sequence(), -2, true, rejections);
    }
    epochs.remove(announcement.epoch());
    custody.executed(announcement.epoch());
  }

  /** Replaces a batch's info; an anchor height of -2 keeps the one known. */
  private void update(
      long sequence, long anchorHeight, boolean executed, List<OpenedBatch.Rejection> rejections) {
    BatchInfo old = infos.get((int) sequence - 1);
    infos.set(
        (int) sequence - 1,
        new BatchInfo(
            old.sequence(),
            old.epoch(),
            old.hash(),
            old.envelopes(),
            anchorHeight == -2 ? old.anchorHeight() : anchorHeight,
            executed,
            List.copyOf(rejections)));
  }

  /** The last thing that went wrong on the sealing thread, if anything did. */
  public synchronized Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      custody.close();
    }
  }
}

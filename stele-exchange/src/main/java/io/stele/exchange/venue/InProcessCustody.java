package io.stele.exchange.venue;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.exchange.sealed.BatchAnchorVerifier;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.EpochAnnouncement;
import io.stele.exchange.sealed.EpochCustody;
import io.stele.exchange.sealed.EpochKey;
import io.stele.exchange.sealed.KeyHolder;
import io.stele.exchange.sealed.KeyShare;
import io.stele.exchange.sealed.SealedBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Custody inside the venue's process, for tests and a single-process node: the venue deals each
 * epoch key itself and runs all its {@link KeyHolder}s, keeping their shares in {@link HeldShares}.
 * Whoever runs this process can read sealed orders early; the separation of custody needs the key
 * service and holders elsewhere (docs/sealed-batches.md#custody). Its epochs carry no key service
 * signature, and the published {@code exchange.json} says {@code "custody": "in-process"}.
 */
final class InProcessCustody implements EpochCustody {
  private final VenueConfig config;
  private final Rng rng;
  private final HeldShares heldShares;
  private final BatchArchive archive;
  private final BatchAnchorVerifier anchors;
  private final Map<Long, List<KeyHolder>> holders = new HashMap<>();

  InProcessCustody(
      VenueConfig config,
      Rng rng,
      HeldShares heldShares,
      BatchArchive archive,
      BatchAnchorVerifier anchors) {
    this.config = config;
    this.rng = rng;
    this.heldShares = heldShares;
    this.archive = archive;
    this.anchors = anchors;
  }

  @Override
  public Dealt deal(long epoch, long afterSequence, Bytes afterHash) {
    EpochKey.Deal deal =
        EpochKey.deal(config.chainId(), epoch, config.threshold(), config.keyHolders(), rng);
    // Kept before the epoch is announced: an envelope sealed to it must stay openable.
    heldShares.write(epoch, deal.shares());
    hold(deal.announcement(), deal.shares(), afterSequence, afterHash);
    return new Dealt(deal.announcement(), Optional.empty());
  }

  @Override
  public void resume(EpochAnnouncement announcement, long afterSequence, Bytes afterHash) {
    long number = announcement.epoch();
    // Shares already released were published; before that, the holders kept them on disk.
    List<KeyShare> shares =
        heldShares
            .read(number)
            .or(() -> archive.readShares(number))
            .orElseThrow(
                () ->
                    new SteleException(
                        "sealed.shares_missing",
                        "the key holders' shares of epoch " + number + " are not on disk"));
    hold(announcement, shares, afterSequence, afterHash);
  }

  private void hold(
      EpochAnnouncement announcement, List<KeyShare> shares, long afterSequence, Bytes afterHash) {
    List<KeyHolder> epochHolders = new ArrayList<>();
    for (KeyShare share : shares) {
      epochHolders.add(
          new KeyHolder(
              announcement,
              share,
              config.sealing().batchesPerEpoch(),
              anchors,
              afterSequence,
              afterHash));
    }
    holders.put(announcement.epoch(), epochHolders);
  }

  @Override
  public void observe(SealedBatch batch, AnchorProof anchor) {
    holders.get(batch.epoch()).forEach(h -> h.observe(batch, anchor));
  }

  @Override
  public CompletableFuture<List<KeyShare>> release(EpochAnnouncement announcement) {
    List<KeyShare> released = new ArrayList<>();
    List<KeyHolder> epochHolders = holders.get(announcement.epoch());
    for (int i = 0; i < config.threshold(); i++) {
      released.add(epochHolders.get(i).release());
    }
    return CompletableFuture.completedFuture(released);
  }

  @Override
  public void executed(long epoch) {
    holders.remove(epoch);
    heldShares.delete(epoch);
  }
}

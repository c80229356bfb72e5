package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;

/**
 * One custodian of an epoch key share. It follows the published batch chain itself and releases its
 * share only once the epoch has closed: {@code batchesPerEpoch} batches of it are published, linked
 * and (when an anchor verifier is given) anchored. Before that, no order of the epoch can be read,
 * whatever the operator does.
 */
public final class KeyHolder {
  private final EpochAnnouncement announcement;
  private final KeyShare share;
  private final int batchesPerEpoch;
  private final BatchAnchorVerifier anchors;
  private Bytes lastHash;
  private long lastSequence;
  private int batchesSeen;

  /**
   * Follows the chain from the batch after {@code (afterSequence, afterHash)}: {@code (0, GENESIS)}
   * for a new chain. {@code anchors} may be null when anchoring is not configured.
   */
  public KeyHolder(
      EpochAnnouncement announcement,
      KeyShare share,
      int batchesPerEpoch,
      BatchAnchorVerifier anchors,
      long afterSequence,
      Bytes afterHash) {
    announcement.checkShare(share);
    this.announcement = announcement;
    this.share = share;
    this.batchesPerEpoch = batchesPerEpoch;
    this.anchors = anchors;
    this.lastSequence = afterSequence;
    this.lastHash = afterHash;
  }

  /** Takes in the next published batch and, if anchoring is configured, its anchor proof. */
  public void observe(SealedBatch batch, AnchorProof anchor) {
    if (batch.sequence() != lastSequence + 1 || !batch.previousHash().equals(lastHash)) {
      throw new SteleException(
          "sealed.chain_broken",
          "batch " + batch.sequence() + " does not follow batch " + lastSequence);
    }
    if (!batch.recomputedHash().equals(batch.hash())) {
      throw new SteleException(
          "sealed.batch_hash", "batch " + batch.sequence() + " does not hash to its stated hash");
    }
    if (anchors != null
        && (anchor == null
            || !anchor.hash().equals(batch.hash())
            || !anchors.verify(batch.hash(), anchor))) {
      throw new SteleException(
          "sealed.not_anchored", "batch " + batch.sequence() + " has no valid anchor proof");
    }
    lastSequence = batch.sequence();
    lastHash = batch.hash();
    if (batch.epoch() == announcement.epoch()) {
      batchesSeen++;
    } else if (batch.epoch() > announcement.epoch()) {
      batchesSeen = batchesPerEpoch;
    }
  }

  public boolean epochClosed() {
    return batchesSeen >= batchesPerEpoch;
  }

  /** The share, once the epoch has closed; {@code sealed.share_withheld} before. */
  public KeyShare release() {
    if (!epochClosed()) {
      throw new SteleException(
          "sealed.share_withheld",
          "epoch "
              + announcement.epoch()
              + " is still open: "
              + batchesSeen
              + " of "
              + batchesPerEpoch
              + " batches published");
    }
    return share;
  }
}

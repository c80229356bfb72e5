package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Who deals a venue's epoch keys and holds their shares, as the venue sees it: holders in the
 * venue's own process, or a key service and holders in other processes. The venue never holds an
 * epoch's private key before {@link #release} has given it the threshold of shares.
 */
public interface EpochCustody extends AutoCloseable {
  /**
   * An epoch as dealt: its announcement and, when a key service dealt it, the key service's signed
   * epoch (checked against {@link #keyService()}), which the venue publishes for the audit.
   */
  record Dealt(EpochAnnouncement announcement, Optional<SignedEpoch> signed) {}

  /**
   * Epoch {@code epoch}, whose first batch follows batch {@code (afterSequence, afterHash)}. When
   * this returns, its shares are safe with their holders, so an order sealed to it stays openable.
   */
  Dealt deal(long epoch, long afterSequence, Bytes afterHash);

  /** The key service whose signature every dealt epoch carries; empty when the venue deals. */
  default Optional<PublicKey> keyService() {
    return Optional.empty();
  }

  /** After a restart: {@code announcement}'s epoch still has batches to execute. */
  void resume(EpochAnnouncement announcement, long afterSequence, Bytes afterHash);

  /** The next batch of the chain, published, with its anchor (null when not anchored). */
  void observe(SealedBatch batch, AnchorProof anchor);

  /**
   * Completes with the threshold of released shares of a closed epoch (each checked against the
   * announcement) once its holders release them.
   */
  CompletableFuture<List<KeyShare>> release(EpochAnnouncement announcement);

  /** Every batch of {@code epoch} has been executed: its shares are needed no more. */
  void executed(long epoch);

  @Override
  default void close() {}
}

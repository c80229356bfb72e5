package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import java.util.List;

/**
 * A batch as read back from its published file, before any check: the stated header, the stated
 * leaf hash of each envelope, the envelope bytes themselves, and the bundle signatures (none in a
 * version 1 file). {@link SealedAudit} decides what of it is true.
 */
public record PublishedBatch(
    long sequence,
    long epoch,
    Bytes previousHash,
    Bytes merkleRoot,
    Bytes hash,
    List<Bytes> leafHashes,
    List<Bytes> envelopes,
    List<BundleSignature> bundles) {
  public PublishedBatch {
    leafHashes = List.copyOf(leafHashes);
    envelopes = List.copyOf(envelopes);
    bundles = List.copyOf(bundles);
  }
}

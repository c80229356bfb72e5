package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import java.util.List;

/**
 * A batch as read back from its published file, before any check: the stated header, the stated
 * leaf hash of each envelope, the envelope bytes themselves, the bundle signatures (none in a
 * version 1 file) and, in a version 3 file, the stated deposit root, the stated leaf hash of each
 * deposit and the deposits themselves ({@code depositRoot} is null without deposits). {@link
 * SealedAudit} decides what of it is true.
 */
public record PublishedBatch(
    long sequence,
    long epoch,
    Bytes previousHash,
    Bytes merkleRoot,
    Bytes hash,
    List<Bytes> leafHashes,
    List<Bytes> envelopes,
    List<BundleSignature> bundles,
    Bytes depositRoot,
    List<Bytes> depositLeafHashes,
    List<Deposit> deposits) {
  /** A published deposit: its position and its bytes as signed, not yet parsed. */
  public record Deposit(int position, Bytes bytes) {
    /** The data of its Merkle leaf, as {@link SealedBatch.Deposit#leafData()}. */
    public byte[] leafData() {
      return SealedBatch.Deposit.leafData(position, bytes.unsafeArray());
    }
  }

  public PublishedBatch {
    leafHashes = List.copyOf(leafHashes);
    envelopes = List.copyOf(envelopes);
    bundles = List.copyOf(bundles);
    depositLeafHashes = List.copyOf(depositLeafHashes);
    deposits = List.copyOf(deposits);
  }
}

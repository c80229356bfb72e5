package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Envelopes whose order is fixed: batch {@code sequence} (from 1) of one epoch, linked to the batch
 * before it. {@code merkleRoot} is the RFC 6962 SHA-256 root over the envelope bytes in order, and
 * {@code hash} = SHA-256(previous hash || merkle root) is what gets anchored. {@code bundles} name
 * where each bundle's members start and carry its signature, by rising position; they are published
 * beside the envelopes and are not part of the hash (the members' bytes are).
 */
public record SealedBatch(
    long sequence,
    long epoch,
    Bytes previousHash,
    List<SealedEnvelope> envelopes,
    List<BundleSignature> bundles,
    Bytes merkleRoot,
    Bytes hash) {
  /** The previous hash of batch 1. */
  public static final Bytes GENESIS = Bytes.wrap(new byte[32]);

  public SealedBatch {
    envelopes = List.copyOf(envelopes);
    bundles = List.copyOf(bundles);
  }

  /** A batch of signed envelopes only. */
  public static SealedBatch seal(
      long sequence, long epoch, Bytes previousHash, List<SealedEnvelope> envelopes) {
    return seal(sequence, epoch, previousHash, envelopes, List.of());
  }

  public static SealedBatch seal(
      long sequence,
      long epoch,
      Bytes previousHash,
      List<SealedEnvelope> envelopes,
      List<BundleSignature> bundles) {
    List<byte[]> leaves = new ArrayList<>(envelopes.size());
    for (SealedEnvelope envelope : envelopes) {
      leaves.add(envelope.unsafeEncoded());
    }
    byte[] root = MerkleTree.build(HashFunction.SHA256, leaves).root();
    return new SealedBatch(
        sequence,
        epoch,
        previousHash,
        envelopes,
        bundles,
        Bytes.wrap(root),
        link(previousHash, root));
  }

  static Bytes link(Bytes previousHash, byte[] merkleRoot) {
    return Bytes.wrap(HashFunction.SHA256.hash(previousHash.unsafeArray(), merkleRoot));
  }
}

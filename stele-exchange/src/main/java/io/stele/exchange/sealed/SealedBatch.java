package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
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
 *
 * <p>A batch with {@code deposits} commits them too: {@code depositRoot} is the RFC 6962 root over
 * each deposit's leaf data ({@code u32 position || deposit bytes}, by rising position) and {@code
 * hash} = SHA-256(previous hash || merkle root || deposit root). A deposit at position p is applied
 * before the envelope at p (after all of them when p is the envelope count). Without deposits the
 * hash, and so every earlier batch, is exactly as before.
 */
public record SealedBatch(
    long sequence,
    long epoch,
    Bytes previousHash,
    List<SealedEnvelope> envelopes,
    List<BundleSignature> bundles,
    List<Deposit> deposits,
    Bytes merkleRoot,
    Bytes hash) {
  /** The previous hash of batch 1. */
  public static final Bytes GENESIS = Bytes.wrap(new byte[32]);

  /** A deposit and the position it is applied at: before the envelope there. */
  public record Deposit(int position, SealedDeposit deposit) {
    /** The bytes its Merkle leaf is made of: the position, then the deposit as signed. */
    public byte[] leafData() {
      return leafData(position, deposit.unsafeEncoded());
    }

    static byte[] leafData(int position, byte[] deposit) {
      return new ByteWriter(4 + deposit.length).u32(position).fixed(deposit).toByteArray();
    }
  }

  public SealedBatch {
    envelopes = List.copyOf(envelopes);
    bundles = List.copyOf(bundles);
    deposits = List.copyOf(deposits);
  }

  /** A batch of signed envelopes only. */
  public static SealedBatch seal(
      long sequence, long epoch, Bytes previousHash, List<SealedEnvelope> envelopes) {
    return seal(sequence, epoch, previousHash, envelopes, List.of(), List.of());
  }

  public static SealedBatch seal(
      long sequence,
      long epoch,
      Bytes previousHash,
      List<SealedEnvelope> envelopes,
      List<BundleSignature> bundles) {
    return seal(sequence, epoch, previousHash, envelopes, bundles, List.of());
  }

  public static SealedBatch seal(
      long sequence,
      long epoch,
      Bytes previousHash,
      List<SealedEnvelope> envelopes,
      List<BundleSignature> bundles,
      List<Deposit> deposits) {
    List<byte[]> leaves = new ArrayList<>(envelopes.size());
    for (SealedEnvelope envelope : envelopes) {
      leaves.add(envelope.leafHash());
    }
    byte[] root = rootOfLeafHashes(leaves);
    return new SealedBatch(
        sequence,
        epoch,
        previousHash,
        envelopes,
        bundles,
        deposits,
        Bytes.wrap(root),
        deposits.isEmpty()
            ? link(previousHash, root)
            : link(previousHash, root, depositRoot(deposits).unsafeArray()));
  }

  /** The RFC 6962 root over the deposits' leaf data (H("") for none). */
  public static Bytes depositRoot(List<Deposit> deposits) {
    List<byte[]> leaves = new ArrayList<>(deposits.size());
    deposits.forEach(d -> leaves.add(d.leafData()));
    return Bytes.wrap(MerkleTree.build(HashFunction.SHA256, leaves).root());
  }

  /**
   * This batch's hash computed again from its contents, as a key holder checks it: every leaf is
   * hashed afresh from the envelope bytes (nothing the sequencer remembered is reused).
   */
  public Bytes recomputedHash() {
    List<byte[]> leaves = new ArrayList<>(envelopes.size());
    for (SealedEnvelope envelope : envelopes) {
      leaves.add(MerkleTree.leafHash(HashFunction.SHA256, envelope.unsafeEncoded()));
    }
    byte[] root = rootOfLeafHashes(leaves);
    return deposits.isEmpty()
        ? link(previousHash, root)
        : link(previousHash, root, depositRoot(deposits).unsafeArray());
  }

  /**
   * The RFC 6962 root over leaf hashes already computed (H("") for none): pairing left to right and
   * promoting an odd last node is exactly the split at the largest power of two.
   */
  static byte[] rootOfLeafHashes(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return HashFunction.SHA256.hash(new byte[0]);
    }
    byte[][] level = leafHashes.toArray(new byte[0][]);
    int size = level.length;
    while (size > 1) {
      int up = 0;
      for (int i = 0; i < size; i += 2) {
        level[up++] =
            i + 1 < size
                ? MerkleTree.nodeHash(HashFunction.SHA256, level[i], level[i + 1])
                : level[i];
      }
      size = up;
    }
    return level[0].clone();
  }

  static Bytes link(Bytes previousHash, byte[] merkleRoot) {
    return Bytes.wrap(HashFunction.SHA256.hash(previousHash.unsafeArray(), merkleRoot));
  }

  static Bytes link(Bytes previousHash, byte[] merkleRoot, byte[] depositRoot) {
    return Bytes.wrap(
        HashFunction.SHA256.hash(previousHash.unsafeArray(), merkleRoot, depositRoot));
  }
}

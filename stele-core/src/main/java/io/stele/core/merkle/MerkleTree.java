package io.stele.core.merkle;

import io.stele.core.crypto.HashFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree as RFC 6962 (Certificate Transparency) defines it: leaf hash H(0x00 || data),
 * interior node H(0x01 || left || right), the split at the largest power of two below the size, and
 * H("") for the empty tree. Built once over a list of leaves, it answers inclusion proofs.
 */
public final class MerkleTree {
  private static final byte[] LEAF = {0};
  private static final byte[] NODE = {1};

  private final HashFunction hash;

  /** levels.get(0) are the leaf hashes; each level above pairs the one below, odd tail promoted. */
  private final List<byte[][]> levels;

  private MerkleTree(HashFunction hash, List<byte[][]> levels) {
    this.hash = hash;
    this.levels = levels;
  }

  public static MerkleTree build(HashFunction hash, List<byte[]> leaves) {
    List<byte[][]> levels = new ArrayList<>();
    byte[][] level = new byte[leaves.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(hash, leaves.get(i));
    }
    levels.add(level);
    // Pairing left to right and promoting an odd last node gives exactly RFC 6962's split at the
    // largest power of two, because the left subtree of every split is always complete.
    while (level.length > 1) {
      byte[][] up = new byte[(level.length + 1) / 2][];
      for (int i = 0; i < up.length; i++) {
        int left = 2 * i;
        up[i] =
            left + 1 < level.length ? nodeHash(hash, level[left], level[left + 1]) : level[left];
      }
      levels.add(up);
      level = up;
    }
    return new MerkleTree(hash, levels);
  }

  public static byte[] leafHash(HashFunction hash, byte[] data) {
    return hash.hash(LEAF, data);
  }

  public static byte[] nodeHash(HashFunction hash, byte[] left, byte[] right) {
    return hash.hash(NODE, left, right);
  }

  public HashFunction hashFunction() {
    return hash;
  }

  public int size() {
    return levels.get(0).length;
  }

  /** The tree head: H("") when empty. */
  public byte[] root() {
    if (size() == 0) {
      return hash.hash(new byte[0]);
    }
    return levels.get(levels.size() - 1)[0].clone();
  }

  /** The audit path for leaf {@code index}, bottom-up, as RFC 6962 section 2.1.1 defines it. */
  public InclusionProof prove(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + size());
    }
    List<byte[]> path = new ArrayList<>();
    int i = index;
    for (int depth = 0; depth < levels.size() - 1; depth++) {
      byte[][] level = levels.get(depth);
      int sibling = i ^ 1;
      if (sibling < level.length) {
        path.add(level[sibling].clone());
      }
      i >>= 1;
    }
    return new InclusionProof(hash, index, size(), path);
  }
}

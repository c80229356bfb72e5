package io.stele.core.merkle;

import io.stele.core.crypto.HashFunction;
import java.util.Arrays;
import java.util.List;

/**
 * Proof that a leaf sits at {@code index} in a tree of {@code size} leaves: the sibling hashes from
 * the leaf up (RFC 6962 section 2.1.1). Verification follows RFC 9162 section 2.1.3.2, which
 * rejects paths of the wrong length; path elements that are not one hash long are rejected too.
 */
public record InclusionProof(HashFunction hash, long index, long size, List<byte[]> path) {
  public InclusionProof {
    path = List.copyOf(path);
  }

  /** The root this proof leads to from the leaf's data, or null when the path is malformed. */
  public byte[] rootFor(byte[] leafData) {
    return rootForLeafHash(MerkleTree.leafHash(hash, leafData));
  }

  public byte[] rootForLeafHash(byte[] leafHash) {
    if (index < 0 || index >= size || leafHash.length != HashFunction.LENGTH) {
      return null;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0 || p.length != HashFunction.LENGTH) {
        return null;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleTree.nodeHash(hash, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleTree.nodeHash(hash, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? r : null;
  }

  public boolean verify(byte[] leafData, byte[] root) {
    byte[] computed = rootFor(leafData);
    return computed != null && Arrays.equals(computed, root);
  }
}

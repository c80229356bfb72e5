package io.stele.ledger.receipt;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tree nodes a verifier has already followed to a trusted root. Receipts of one block share the
 * upper parts of their paths; once a walk reaches a node it has followed before, at the same place
 * in the tree and with textually the same remaining steps, the rest of the walk is a pure function
 * of those and need not be hashed again. Any difference falls back to hashing all the way up.
 */
final class VerifiedNodes {
  private static final int MAX_ENTRIES = 500_000;

  /** A node: the root it leads to, where it sits (step, and the walk's fn and sn), its hash. */
  private record NodeKey(Bytes root, int step, long fn, long sn, Bytes node) {}

  /**
   * The sibling texts that led from a node to its root, from step {@code from}; strings, so the
   * caller cannot change them afterwards.
   */
  private record Suffix(String[] siblings, int from) {}

  private final Map<NodeKey, Suffix> nodes = new ConcurrentHashMap<>();

  /**
   * True when {@code leafData} at {@code index} of {@code size} leaves, with {@code steps}, leads
   * to {@code root} (RFC 9162 section 2.1.3.2). Decodes only the siblings it hashes with.
   */
  boolean leadsTo(
      HashFunction hash,
      long index,
      long size,
      ProofSteps.Read steps,
      byte[] leafData,
      Bytes root) {
    byte[] r = MerkleTree.leafHash(hash, leafData);
    long fn = index;
    long sn = size - 1;
    int count = steps.count();
    List<NodeKey> walked = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      NodeKey key = new NodeKey(root, i, fn, sn, Bytes.wrap(r));
      Suffix known = nodes.get(key);
      if (known != null && sameSteps(steps, i, known)) {
        return true;
      }
      walked.add(key);
      if (sn == 0) {
        return false;
      }
      byte[] sibling = steps.sibling(i);
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleTree.nodeHash(hash, sibling, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = MerkleTree.nodeHash(hash, r, sibling);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0 || !Arrays.equals(r, root.unsafeArray())) {
      return false;
    }
    if (nodes.size() + walked.size() > MAX_ENTRIES) {
      nodes.clear();
    }
    String[] texts = new String[count];
    for (int i = 0; i < count; i++) {
      texts[i] = steps.text(i);
    }
    for (int i = 0; i < walked.size(); i++) {
      nodes.putIfAbsent(walked.get(i), new Suffix(texts, i));
    }
    return true;
  }

  /** The sibling texts from step {@code from} up equal those that led to the root before. */
  private static boolean sameSteps(ProofSteps.Read steps, int from, Suffix known) {
    int length = steps.count() - from;
    if (length != known.siblings().length - known.from()) {
      return false;
    }
    for (int j = 0; j < length; j++) {
      if (!known.siblings()[known.from() + j].equals(steps.text(from + j))) {
        return false;
      }
    }
    return true;
  }
}

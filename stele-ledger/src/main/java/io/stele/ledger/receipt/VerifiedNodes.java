package io.stele.ledger.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.merkle.InclusionProof;
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

  /** The steps that led from a node to its root: a private copy, so callers cannot change it. */
  private record Suffix(JsonNode steps, int from) {}

  private final Map<NodeKey, Suffix> nodes = new ConcurrentHashMap<>();

  /**
   * True when {@code leafData} with {@code proof} leads to {@code root} (RFC 9162 section 2.1.3.2).
   * {@code steps} is the JSON the proof was read from.
   */
  boolean leadsTo(InclusionProof proof, JsonNode steps, byte[] leafData, Bytes root) {
    HashFunction hash = proof.hash();
    List<byte[]> path = proof.path();
    byte[] r = MerkleTree.leafHash(hash, leafData);
    long fn = proof.index();
    long sn = proof.size() - 1;
    List<NodeKey> walked = new ArrayList<>(path.size());
    for (int i = 0; i < path.size(); i++) {
      NodeKey key = new NodeKey(root, i, fn, sn, Bytes.wrap(r));
      Suffix known = nodes.get(key);
      if (known != null && sameSteps(steps, i, known)) {
        return true;
      }
      walked.add(key);
      if (sn == 0) {
        return false;
      }
      byte[] sibling = path.get(i);
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
    JsonNode copy = steps.deepCopy();
    for (int i = 0; i < walked.size(); i++) {
      nodes.putIfAbsent(walked.get(i), new Suffix(copy, i));
    }
    return true;
  }

  private static boolean sameSteps(JsonNode steps, int from, Suffix known) {
    int length = steps.size() - from;
    if (length != known.steps().size() - known.from()) {
      return false;
    }
    for (int j = 0; j < length; j++) {
      if (!steps.get(from + j).equals(known.steps().get(known.from() + j))) {
        return false;
      }
    }
    return true;
  }
}

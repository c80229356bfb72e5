package io.stele.ledger.receipt;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.merkle.MerkleTree;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tree nodes a verifier has already followed to a trusted root. Receipts of one block share the
 * upper parts of their paths; once a walk reaches a node it has followed before, at the same place
 * in the tree and with textually the same remaining steps, the rest of the walk is a pure function
 * of those and need not be hashed again. Any difference falls back to hashing all the way up.
 *
 * <p>A walk that checks out also vouches for the siblings it hashed with: from a sibling, the walk
 * to the root takes the node it was paired with as its first step and then the same steps. So the
 * receipt of the neighbouring leaf usually costs one leaf hash and text comparisons.
 */
final class VerifiedNodes {
  private static final int MAX_ENTRIES = 500_000;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * A node: the root it leads to, where it sits (the walk's fn and sn, which name its level and
   * index), its hash.
   */
  private record NodeKey(Bytes root, long fn, long sn, Bytes node) {}

  /**
   * The sibling texts that lead from a node to its root: {@code siblings} from {@code from} on, or,
   * when {@code first} is not null, {@code first} and then {@code siblings} from {@code from} on.
   * Strings, so the caller cannot change them afterwards.
   */
  private record Suffix(String first, String[] siblings, int from) {
    int length() {
      return (first == null ? 0 : 1) + siblings.length - from;
    }

    String get(int k) {
      if (first == null) {
        return siblings[from + k];
      }
      return k == 0 ? first : siblings[from + k - 1];
    }
  }

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
    int count = steps.count();
    // The walk so far: the node, its place, and the sibling it was hashed with, at each step.
    NodeKey[] walked = new NodeKey[count];
    byte[][] siblings = new byte[count][];
    byte[] r = MerkleTree.leafHash(hash, leafData);
    long fn = index;
    long sn = size - 1;
    int step = 0;
    for (; step < count; step++) {
      NodeKey key = new NodeKey(root, fn, sn, Bytes.wrap(r));
      Suffix known = nodes.get(key);
      if (known != null && sameSteps(steps, step, known)) {
        break;
      }
      walked[step] = key;
      if (sn == 0) {
        return false;
      }
      byte[] sibling = steps.sibling(step);
      siblings[step] = sibling;
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
    if (step == count && (sn != 0 || !Arrays.equals(r, root.unsafeArray()))) {
      return false;
    }
    remember(steps, walked, siblings, step);
    return true;
  }

  /** Records the first {@code walked} nodes of a walk that checked out, and their siblings. */
  private void remember(
      ProofSteps.Read steps, NodeKey[] walked, byte[][] siblings, int walkedCount) {
    if (walkedCount == 0) {
      return;
    }
    if (nodes.size() + 2 * walkedCount > MAX_ENTRIES) {
      nodes.clear();
    }
    String[] texts = new String[steps.count()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = steps.text(i);
    }
    for (int i = 0; i < walkedCount; i++) {
      NodeKey node = walked[i];
      nodes.putIfAbsent(node, new Suffix(null, texts, i));
      // Only a sibling on the same level (no promotion of a last odd node in between): from it,
      // one hash with this node gives the same parent at the same place.
      long fn = node.fn();
      if ((fn & 1) == 1 || fn != node.sn()) {
        NodeKey sibling = new NodeKey(node.root(), fn ^ 1, node.sn(), Bytes.wrap(siblings[i]));
        nodes.putIfAbsent(
            sibling, new Suffix(HEX.formatHex(node.node().unsafeArray()), texts, i + 1));
      }
    }
  }

  /** The sibling texts from step {@code from} up equal those that led to the root before. */
  private static boolean sameSteps(ProofSteps.Read steps, int from, Suffix known) {
    int length = steps.count() - from;
    if (length != known.length()) {
      return false;
    }
    for (int j = 0; j < length; j++) {
      if (!known.get(j).equals(steps.text(from + j))) {
        return false;
      }
    }
    return true;
  }
}

package io.stele.ledger.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stele.core.crypto.HashFunction;
import io.stele.core.error.SteleException;
import io.stele.core.merkle.InclusionProof;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An RFC 6962 inclusion path written Chainpoint-style: each step names the sibling and the side it
 * sits on ({@code {"left": hex}} means node = H(0x01 || sibling || current)). The sides follow from
 * index and tree size (RFC 9162 section 2.1.3.2); reading checks that they do.
 */
final class ProofSteps {
  private static final HexFormat HEX = HexFormat.of();

  private ProofSteps() {}

  static ArrayNode toJson(InclusionProof proof) {
    ArrayNode steps = JsonNodeFactory.instance.arrayNode();
    boolean[] left = sides(proof.index(), proof.size(), proof.path().size());
    for (int i = 0; i < left.length; i++) {
      steps.addObject().put(left[i] ? "left" : "right", HEX.formatHex(proof.path().get(i)));
    }
    return steps;
  }

  /**
   * Reads steps for leaf {@code index} of {@code size}; throws naming {@code what} if malformed.
   */
  static InclusionProof fromJson(
      JsonNode steps, HashFunction hash, long index, long size, String what) {
    Read read = read(steps, index, size, what);
    List<byte[]> path = new ArrayList<>(read.count());
    for (int i = 0; i < read.count(); i++) {
      path.add(read.sibling(i));
    }
    return new InclusionProof(hash, index, size, path);
  }

  /**
   * Checks the shape of every step for leaf {@code index} of {@code size} (count, and the side each
   * names) but leaves the hex of the siblings to {@link Read#sibling}: a walk that meets a node it
   * followed before reads only the steps below it.
   */
  static Read read(JsonNode steps, long index, long size, String what) {
    if (steps == null || !steps.isArray() || steps.size() > 64) {
      throw new SteleException("receipt.proof", what + " is not a list of at most 64 steps");
    }
    boolean[] left = sides(index, size, steps.size());
    if (left == null) {
      throw new SteleException(
          "receipt.proof", what + " has " + steps.size() + " steps, wrong for its position");
    }
    JsonNode[] siblings = new JsonNode[left.length];
    for (int i = 0; i < left.length; i++) {
      JsonNode step = steps.get(i);
      String side = left[i] ? "left" : "right";
      JsonNode sibling = step.size() == 1 ? step.get(side) : null;
      if (!step.isObject() || sibling == null) {
        throw new SteleException(
            "receipt.proof", what + " step " + i + " must be {\"" + side + "\": hex}");
      }
      siblings[i] = sibling;
    }
    return new Read(siblings, what);
  }

  /** Steps whose shape checked out: each step's sibling node, not yet decoded. */
  record Read(JsonNode[] siblings, String what) {
    int count() {
      return siblings.length;
    }

    /** The text of the sibling of step {@code i}, or null when it is not a string. */
    String text(int i) {
      return siblings[i].textValue();
    }

    /** The sibling of step {@code i}, strictly decoded (throws if it is not lower-case hex). */
    byte[] sibling(int i) {
      return Encodings.hex(siblings[i], HashFunction.LENGTH, what + " step " + i);
    }
  }

  /** Which steps take the sibling on the left, or null when the step count is wrong. */
  private static boolean[] sides(long index, long size, int steps) {
    if (index < 0 || index >= size) {
      return null;
    }
    boolean[] left = new boolean[steps];
    long fn = index;
    long sn = size - 1;
    for (int i = 0; i < steps; i++) {
      if (sn == 0) {
        return null;
      }
      if ((fn & 1) == 1 || fn == sn) {
        left[i] = true;
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? left : null;
  }
}

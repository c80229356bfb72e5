package io.stele.ledger.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.merkle.InclusionProof;
import io.stele.core.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The node cache answers exactly as RFC 6962 proof verification without a cache does ({@link
 * InclusionProof#verify}, in stele-core), whatever order the leaves are checked in and however a
 * proof is mixed from others' steps.
 */
class VerifiedNodesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Property(tries = 40)
  void aWarmCacheAnswersAsPlainVerification(
      @ForAll @IntRange(min = 1, max = 40) int size, @ForAll long seed, @ForAll boolean sha3) {
    HashFunction hash = sha3 ? HashFunction.SHA3_256 : HashFunction.SHA256;
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      leaves.add(hash.hash(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    MerkleTree tree = MerkleTree.build(hash, leaves);
    Bytes root = Bytes.wrap(tree.root());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      order.add(i);
    }
    Random random = new Random(seed);
    Collections.shuffle(order, random);
    VerifiedNodes nodes = new VerifiedNodes();
    for (int i : order) {
      JsonNode steps = ProofSteps.toJson(tree.prove(i));
      assertThat(leadsTo(nodes, hash, i, size, steps, leaves.get(i), root))
          .as("leaf " + i)
          .isTrue();
    }
    for (int i = 0; i < size; i++) {
      ArrayNode steps = ProofSteps.toJson(tree.prove(i));
      for (int j = 0; j < size; j++) {
        assertThat(leadsTo(nodes, hash, i, size, steps, leaves.get(j), root))
            .as("leaf " + j + " at " + i)
            .isEqualTo(i == j);
      }
      // One step taken from another leaf's proof, where that proof has a step there.
      for (int k = 0; k < steps.size(); k++) {
        ArrayNode other = ProofSteps.toJson(tree.prove(random.nextInt(size)));
        if (k >= other.size()) {
          continue;
        }
        ArrayNode mixed = steps.deepCopy();
        ObjectNode step = (ObjectNode) mixed.get(k);
        String side = step.fieldNames().next();
        step.put(side, other.get(k).elements().next().asText());
        List<byte[]> path = new ArrayList<>();
        for (JsonNode s : mixed) {
          path.add(HEX.parseHex(s.elements().next().asText()));
        }
        boolean expected =
            new InclusionProof(hash, i, size, path).verify(leaves.get(i), tree.root());
        assertThat(leadsTo(nodes, hash, i, size, mixed, leaves.get(i), root))
            .as("leaf " + i + " with step " + k + " changed")
            .isEqualTo(expected);
      }
    }
  }

  private static boolean leadsTo(
      VerifiedNodes nodes,
      HashFunction hash,
      long index,
      long size,
      JsonNode steps,
      byte[] leafData,
      Bytes root) {
    return nodes.leadsTo(
        hash, index, size, ProofSteps.read(steps, index, size, "proof"), leafData, root);
  }
}

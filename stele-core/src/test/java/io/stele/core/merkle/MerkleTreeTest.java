package io.stele.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.crypto.HashFunction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6962 trees against the Certificate Transparency reference data, as published in
 * transparency-dev/merkle {@code proof/verify_test.go} (inherited from google/certificate-
 * transparency and trillian): the 8 reference leaves, the tree head for every prefix size, four
 * inclusion proofs, and the corruptions that verifier rejects. SHA3-256 trees (for which nobody
 * publishes vectors) are checked against the RFC's recursive definitions written out below.
 */
class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();

  static final List<byte[]> LEAVES =
      Stream.of(
              "",
              "00",
              "10",
              "2021",
              "3031",
              "40414243",
              "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
          .map(HEX::parseHex)
          .toList();

  /** Tree heads for sizes 0..8; size 0 is SHA-256(""). */
  static final List<String> ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static final byte[] SOME_HASH =
      HEX.parseHex("abacaba000000000000000000000000000000000000000000060061e00123456");

  /** (index, size, path) with zero-based indexes; the Go file numbers leaves from 1. */
  static Stream<Arguments> publishedProofs() {
    return Stream.of(
        Arguments.of(
            0,
            8,
            List.of(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(
            5,
            8,
            List.of(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        Arguments.of(
            2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
        Arguments.of(
            1,
            5,
            List.of(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
  }

  @ParameterizedTest(name = "tree of the first {0} reference leaves")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
  void rootIsTheReferenceTreeHead(int size) {
    MerkleTree tree = MerkleTree.build(HashFunction.SHA256, LEAVES.subList(0, size));
    assertThat(HEX.formatHex(tree.root())).isEqualTo(ROOTS.get(size));
    assertThat(tree.size()).isEqualTo(size);
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("publishedProofs")
  void proofIsThePublishedPathAndVerifies(int index, int size, List<String> path) {
    MerkleTree tree = MerkleTree.build(HashFunction.SHA256, LEAVES.subList(0, size));
    InclusionProof proof = tree.prove(index);

    assertThat(proof.path().stream().map(HEX::formatHex).toList()).isEqualTo(path);
    assertThat(proof.index()).isEqualTo(index);
    assertThat(proof.size()).isEqualTo(size);
    assertThat(proof.verify(LEAVES.get(index), HEX.parseHex(ROOTS.get(size)))).isTrue();
  }

  /** The corruptions of transparency-dev/merkle's corruptInclusionProof, each rejected. */
  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("publishedProofs")
  void corruptedProofsAreRejected(int index, int size, List<String> hexPath) {
    List<byte[]> path = hexPath.stream().map(HEX::parseHex).toList();
    byte[] root = HEX.parseHex(ROOTS.get(size));
    byte[] leaf = LEAVES.get(index);
    HashFunction h = HashFunction.SHA256;

    assertThat(new InclusionProof(h, index, size, path).verify(leaf, root)).isTrue();
    // Wrong index.
    assertThat(new InclusionProof(h, index - 1, size, path).verify(leaf, root)).isFalse();
    assertThat(new InclusionProof(h, index + 1, size, path).verify(leaf, root)).isFalse();
    assertThat(new InclusionProof(h, index ^ 2, size, path).verify(leaf, root)).isFalse();
    // Wrong tree size.
    assertThat(new InclusionProof(h, index, size * 2L, path).verify(leaf, root)).isFalse();
    assertThat(new InclusionProof(h, index, size / 2, path).verify(leaf, root)).isFalse();
    // Wrong leaf or root.
    assertThat(new InclusionProof(h, index, size, path).verify("WrongLeaf".getBytes(), root))
        .isFalse();
    assertThat(new InclusionProof(h, index, size, path).verify(leaf, HEX.parseHex(ROOTS.get(0))))
        .isFalse();
    assertThat(new InclusionProof(h, index, size, path).verify(leaf, SOME_HASH)).isFalse();
    // Garbage after or before the path.
    for (byte[] garbage : List.of(new byte[0], root)) {
      assertThat(new InclusionProof(h, index, size, with(path, garbage)).verify(leaf, root))
          .isFalse();
      assertThat(new InclusionProof(h, index, size, with(garbage, path)).verify(leaf, root))
          .isFalse();
    }
    // One bit flipped in each element.
    for (int i = 0; i < path.size(); i++) {
      List<byte[]> flipped = new ArrayList<>(path);
      byte[] element = path.get(i).clone();
      element[0] ^= 8;
      flipped.set(i, element);
      assertThat(new InclusionProof(h, index, size, flipped).verify(leaf, root))
          .as("bit flipped in element %d", i)
          .isFalse();
    }
    // A component removed, or one inserted.
    assertThat(
            new InclusionProof(h, index, size, path.subList(0, path.size() - 1)).verify(leaf, root))
        .isFalse();
    List<byte[]> inserted = new ArrayList<>(path);
    inserted.add(1, SOME_HASH);
    assertThat(new InclusionProof(h, index, size, inserted).verify(leaf, root)).isFalse();
  }

  @Test
  void pathElementsOfTheWrongLengthAreRejected() {
    MerkleTree tree = MerkleTree.build(HashFunction.SHA256, LEAVES);
    InclusionProof good = tree.prove(3);
    List<byte[]> path = new ArrayList<>(good.path());
    path.set(1, Arrays.copyOf(path.get(1), 33));
    InclusionProof bad = new InclusionProof(HashFunction.SHA256, 3, 8, path);
    assertThat(bad.rootFor(LEAVES.get(3))).isNull();
    assertThat(bad.verify(LEAVES.get(3), tree.root())).isFalse();
  }

  @Test
  void provingALeafOutsideTheTreeIsAnError() {
    MerkleTree tree = MerkleTree.build(HashFunction.SHA256, LEAVES);
    assertThatThrownBy(() -> tree.prove(8)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.prove(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = HashFunction.class,
      names = {"SHA256", "SHA3_256"})
  void everyTreeUpTo70LeavesMatchesTheRfcDefinitions(HashFunction hash) {
    Reference reference = new Reference(jdkName(hash));
    for (int size = 0; size <= 70; size++) {
      List<byte[]> leaves = leaves(size);
      MerkleTree tree = MerkleTree.build(hash, leaves);
      assertThat(tree.root()).as("root of %d", size).isEqualTo(reference.mth(leaves));
      for (int i = 0; i < size; i++) {
        InclusionProof proof = tree.prove(i);
        assertThat(proof.path())
            .as("path of %d in %d", i, size)
            .containsExactlyElementsOf(reference.path(i, leaves));
        assertThat(proof.verify(leaves.get(i), tree.root())).isTrue();
      }
    }
  }

  /** A proof never verifies the wrong leaf, nor at another index. */
  @Property(tries = 200)
  void proofsBindLeafAndIndex(
      @ForAll @IntRange(min = 2, max = 300) int size,
      @ForAll @IntRange(min = 0, max = 299) int rawIndex,
      @ForAll HashFunction hash) {
    int index = rawIndex % size;
    List<byte[]> leaves = leaves(size);
    MerkleTree tree = MerkleTree.build(hash, leaves);
    InclusionProof proof = tree.prove(index);
    int other = (index + 1) % size;

    assertThat(proof.verify(leaves.get(index), tree.root())).isTrue();
    assertThat(proof.verify(leaves.get(other), tree.root())).isFalse();
    assertThat(
            new InclusionProof(hash, other, size, proof.path())
                .verify(leaves.get(index), tree.root()))
        .isFalse();
  }

  private static List<byte[]> leaves(int size) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      leaves.add(new byte[] {(byte) i, (byte) (i >> 8), 0x5a});
    }
    return leaves;
  }

  private static List<byte[]> with(List<byte[]> path, byte[] last) {
    List<byte[]> out = new ArrayList<>(path);
    out.add(last);
    return out;
  }

  private static List<byte[]> with(byte[] first, List<byte[]> path) {
    List<byte[]> out = new ArrayList<>();
    out.add(first);
    out.addAll(path);
    return out;
  }

  private static String jdkName(HashFunction hash) {
    return hash == HashFunction.SHA256 ? "SHA-256" : "SHA3-256";
  }

  /** RFC 6962 section 2.1 MTH and section 2.1.1 PATH, written as the RFC states them. */
  private record Reference(String algorithm) {
    byte[] h(byte[]... parts) {
      try {
        MessageDigest md = MessageDigest.getInstance(algorithm);
        for (byte[] part : parts) {
          md.update(part);
        }
        return md.digest();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    static int split(int n) {
      int k = 1;
      while (k * 2 < n) {
        k *= 2;
      }
      return k;
    }

    byte[] mth(List<byte[]> d) {
      int n = d.size();
      if (n == 0) {
        return h();
      }
      if (n == 1) {
        return h(new byte[] {0}, d.get(0));
      }
      int k = split(n);
      return h(new byte[] {1}, mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    List<byte[]> path(int m, List<byte[]> d) {
      int n = d.size();
      if (n == 1) {
        return new ArrayList<>();
      }
      int k = split(n);
      List<byte[]> out;
      if (m < k) {
        out = path(m, d.subList(0, k));
        out.add(mth(d.subList(k, n)));
      } else {
        out = path(m - k, d.subList(k, n));
        out.add(mth(d.subList(0, k)));
      }
      return out;
    }
  }
}

package io.stele.bench.core;

import io.stele.core.crypto.HashFunction;
import io.stele.core.merkle.InclusionProof;
import io.stele.core.merkle.MerkleTree;
import io.stele.core.random.SeededRng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** An RFC 6962 tree over 1,000 anchored 32-byte hashes, and one receipt's proof. */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MerkleBenchmark {
  private static final int LEAVES = 1_000;

  private List<byte[]> leaves;
  private byte[] root;
  private InclusionProof proof;
  private byte[] provenLeaf;

  @Setup
  public void setUp() {
    SeededRng rng = new SeededRng(1);
    leaves = new ArrayList<>(LEAVES);
    for (int i = 0; i < LEAVES; i++) {
      byte[] leaf = new byte[32];
      rng.nextBytes(leaf);
      leaves.add(leaf);
    }
    MerkleTree tree = MerkleTree.build(HashFunction.SHA256, leaves);
    root = tree.root();
    proof = tree.prove(LEAVES / 2 + 1);
    provenLeaf = leaves.get(LEAVES / 2 + 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public byte[] build1000() {
    return MerkleTree.build(HashFunction.SHA256, leaves).root();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public boolean verifyProof() {
    return proof.verify(provenLeaf, root);
  }
}

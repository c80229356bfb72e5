package io.stele.bench.core;

import io.stele.core.crypto.HashFunction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One hash of 64 bytes: two leaf or node hashes' worth of input. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HashBenchmark {
  @Param({"SHA256", "SHA3_256", "BLAKE2B_256"})
  public HashFunction hash;

  private byte[] input;

  @Setup
  public void setUp() {
    input = new byte[64];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) i;
    }
  }

  @Benchmark
  public byte[] hash64() {
    return hash.hash(input);
  }
}

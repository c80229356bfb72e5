package io.stele.bench.core;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 over a 128-byte message, about the size of a signed transfer. {@code verify} checks with
 * one key object again and again, as a node does with a witness's or an account's key; {@code
 * verifyFreshKey} builds the key from its bytes for each check, as for a key seen once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Benchmark {
  private KeyPair key;
  private PublicKey publicKey;
  private byte[] message;
  private byte[] signature;
  private Bytes publicKeyBytes;

  @Setup
  public void setUp() {
    SeededRng rng = new SeededRng(1);
    key = KeyPair.generate(rng);
    publicKey = key.publicKey();
    publicKeyBytes = Bytes.of(publicKey.bytes().toArray());
    message = new byte[128];
    rng.nextBytes(message);
    signature = key.sign(message);
  }

  @Benchmark
  public byte[] sign() {
    return key.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return publicKey.verify(message, signature);
  }

  @Benchmark
  public boolean verifyFreshKey() {
    return new PublicKey(publicKeyBytes).verify(message, signature);
  }
}

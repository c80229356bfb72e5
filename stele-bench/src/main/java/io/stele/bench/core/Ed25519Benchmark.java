package io.stele.bench.core;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 over a 128-byte message, about the size of a signed transfer. {@code verify} checks with
 * one key object again and again, as a node does with a witness's key; {@code verifyFreshKey}
 * builds the key object from its bytes for each check, as each decoded transaction does (its point
 * comes from the cache shared by all key objects); {@code verifyManyKeys} does that for 1,000
 * accounts in turn; {@code verifyUndecodedKey} hands the key bytes to BouncyCastle, which decodes
 * the point for every check: what each check cost before the shared cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Benchmark {
  private static final int ACCOUNTS = 1_000;

  private KeyPair key;
  private PublicKey publicKey;
  private byte[] message;
  private byte[] signature;
  private Bytes publicKeyBytes;
  private byte[][] accountKeys;
  private byte[][] accountSignatures;
  private int next;

  @Setup
  public void setUp() {
    SeededRng rng = new SeededRng(1);
    key = KeyPair.generate(rng);
    publicKey = key.publicKey();
    publicKeyBytes = Bytes.of(publicKey.bytes().toArray());
    message = new byte[128];
    rng.nextBytes(message);
    signature = key.sign(message);
    accountKeys = new byte[ACCOUNTS][];
    accountSignatures = new byte[ACCOUNTS][];
    for (int i = 0; i < ACCOUNTS; i++) {
      KeyPair account = KeyPair.generate(rng);
      accountKeys[i] = account.publicKey().bytes().toArray();
      accountSignatures[i] = account.sign(message);
    }
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

  @Benchmark
  public boolean verifyManyKeys() {
    int i = next;
    next = (i + 1) % ACCOUNTS;
    return new PublicKey(Bytes.of(accountKeys[i])).verify(message, accountSignatures[i]);
  }

  @Benchmark
  public boolean verifyUndecodedKey() {
    return Ed25519.verify(
        signature, 0, publicKeyBytes.unsafeArray(), 0, message, 0, message.length);
  }
}

package io.stele.bench.exchange;

import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost that bounds the sealed pipeline: one Ed25519 verification per envelope (about 200 bytes
 * signed). Compares Stele's path (BouncyCastle, through {@link PublicKey}) with the JDK's own EdDSA
 * (SunEC {@code Signature "Ed25519"}), each with a key object built once, as a verifier that sees a
 * client's envelopes again and again would keep it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureVerifyBenchmark {
  // DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), before the 32 key bytes.
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private PublicKey stele;
  private java.security.PublicKey jdkKey;
  private Signature jdk;
  private byte[] message;
  private byte[] signature;

  @Setup
  public void setUp() throws GeneralSecurityException {
    SeededRng rng = new SeededRng(3);
    KeyPair key = KeyPair.generate(rng);
    stele = key.publicKey();
    message = new byte[200];
    rng.nextBytes(message);
    signature = key.sign(message);
    byte[] raw = stele.bytes().toArray();
    byte[] der = new byte[X509_PREFIX.length + raw.length];
    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
    System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
    jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    jdk = Signature.getInstance("Ed25519");
    if (!bouncyCastle() || !sunEc()) {
      throw new IllegalStateException("a valid signature did not verify");
    }
  }

  @Benchmark
  public boolean bouncyCastle() {
    return stele.verify(message, signature);
  }

  @Benchmark
  public boolean sunEc() throws GeneralSecurityException {
    jdk.initVerify(jdkKey);
    jdk.update(message);
    return jdk.verify(signature);
  }
}

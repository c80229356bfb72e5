package io.stele.bench.core;

import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Encoding and strictly decoding a transfer-sized record (about 100 bytes). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
  /** The benchmarked shape: version, chain id, recipient key, amount, nonce, memo. */
  public record Transfer(
      int version, int chainId, byte[] recipient, long amount, long nonce, byte[] memo) {}

  private Transfer transfer;
  private byte[] encoded;

  @Setup
  public void setUp() {
    byte[] recipient = new byte[32];
    for (int i = 0; i < recipient.length; i++) {
      recipient[i] = (byte) (i * 7);
    }
    transfer = new Transfer(1, 'T', recipient, 1_250_000_000L, 42, new byte[40]);
    encoded = encode(transfer);
  }

  static byte[] encode(Transfer t) {
    return new ByteWriter(128)
        .u8(t.version())
        .u8(t.chainId())
        .fixed(t.recipient())
        .i64(t.amount())
        .u32(t.nonce())
        .bytes16(t.memo())
        .toByteArray();
  }

  static Transfer decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    Transfer t =
        new Transfer(
            r.u8("version"),
            r.u8("chainId"),
            r.fixed(32, "recipient"),
            r.u63("amount"),
            r.u32("nonce"),
            r.bytes16(140, "memo"));
    r.end("transfer");
    return t;
  }

  @Benchmark
  public byte[] encodeTransfer() {
    return encode(transfer);
  }

  @Benchmark
  public Transfer decodeTransfer() {
    return decode(encoded);
  }
}

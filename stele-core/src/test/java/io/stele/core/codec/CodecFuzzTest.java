package io.stele.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;

class CodecFuzzTest {
  private static final Set<String> CODES =
      Set.of("codec.truncated", "codec.too_long", "codec.trailing", "codec.range");

  /**
   * A record shaped like Stele's signed structures (version, chain id, key, amount, memo, payload):
   * any input either decodes and re-encodes to exactly itself, or fails with a codec error. Nothing
   * else may escape: no index errors, no huge allocations.
   */
  @FuzzTest(maxDuration = "30s")
  void record(byte[] input) {
    byte[] reencoded;
    try {
      ByteReader r = new ByteReader(input);
      int version = r.u8("version");
      int chainId = r.u8("chainId");
      byte[] key = r.fixed(32, "key");
      long amount = r.u63("amount");
      long nonce = r.u32("nonce");
      byte[] memo = r.bytes16(140, "memo");
      byte[] payload = r.bytes32(4096, "payload");
      r.end("record");
      reencoded =
          new ByteWriter()
              .u8(version)
              .u8(chainId)
              .fixed(key)
              .i64(amount)
              .u32(nonce)
              .bytes16(memo)
              .bytes32(payload)
              .toByteArray();
    } catch (CodecException e) {
      assertThat(e.code()).isIn(CODES);
      return;
    }
    assertThat(reencoded).isEqualTo(input);
  }

  /** Arbitrary sequences of reads never leave the slice and fail only with codec errors. */
  @FuzzTest(maxDuration = "30s")
  void reads(FuzzedDataProvider data) {
    int operations = data.consumeInt(0, 16);
    int[] ops = new int[operations];
    int[] bounds = new int[operations];
    for (int i = 0; i < operations; i++) {
      ops[i] = data.consumeInt(0, 7);
      bounds[i] = data.consumeInt(-1, 1 << 20);
    }
    byte[] bytes = data.consumeRemainingAsBytes();
    ByteReader r = new ByteReader(bytes);
    try {
      for (int i = 0; i < operations; i++) {
        int before = r.position();
        switch (ops[i]) {
          case 0 -> assertThat(r.u8("f")).isBetween(0, 0xFF);
          case 1 -> assertThat(r.u16("f")).isBetween(0, 0xFFFF);
          case 2 -> assertThat(r.u32("f")).isBetween(0L, 0xFFFFFFFFL);
          case 3 -> r.i64("f");
          case 4 -> assertThat(r.u63("f")).isNotNegative();
          case 5 ->
              assertThat(r.fixed(Math.max(0, bounds[i]), "f")).hasSize(Math.max(0, bounds[i]));
          case 6 -> assertThat(r.bytes16(bounds[i], "f").length).isLessThanOrEqualTo(bounds[i]);
          default -> assertThat(r.bytes32(bounds[i], "f").length).isLessThanOrEqualTo(bounds[i]);
        }
        assertThat(r.position()).isGreaterThan(before - 1).isLessThanOrEqualTo(bytes.length);
      }
      r.end("reads");
      assertThat(r.remaining()).isZero();
    } catch (CodecException e) {
      assertThat(e.code()).isIn(CODES);
    }
  }
}

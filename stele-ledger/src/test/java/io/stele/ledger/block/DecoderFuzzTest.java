package io.stele.ledger.block;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Jazzer target for the transaction, block and certificate decoders. Jazzer 0.22's instrumentation
 * cannot read JDK 25 class files and slows every other test in the JVM, so it runs only on request:
 * {@code ./mvnw -pl stele-ledger test -Dtest=DecoderFuzzTest -Dstele.jazzer=true} (regression mode;
 * add {@code JAZZER_FUZZ=1} to fuzz). BlockCodecTest's jqwik properties check the same decoders
 * with random and mutated bytes in every build.
 */
@EnabledIfSystemProperty(named = "stele.jazzer", matches = "true")
class DecoderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decoders(byte[] data) {
    DecoderTargets.decodeAll(data);
  }
}

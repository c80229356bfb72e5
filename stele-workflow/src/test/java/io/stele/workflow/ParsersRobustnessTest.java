package io.stele.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.error.SteleException;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Outside input never crashes a parser: any bytes are either read or refused with a SteleException.
 * Inputs are mutations of published files, so they get deep into the parsers.
 */
class ParsersRobustnessTest {
  private static final byte[] SCENARIO =
      Json.readFile(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"), 1 << 20);
  private static final byte[] CHAIN =
      Json.readFile(Vectors.lto("event-chains/different-nodes.json"), 1 << 20);

  @Provide
  Arbitrary<byte[]> mutatedScenario() {
    return mutations(SCENARIO);
  }

  @Provide
  Arbitrary<byte[]> mutatedChain() {
    return mutations(CHAIN);
  }

  private static Arbitrary<byte[]> mutations(byte[] original) {
    return Arbitraries.integers()
        .between(0, original.length - 1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .flatMap(
            positions ->
                Arbitraries.of("", "{", "}", "\"", "0", "[]", "null", "\"<ref>\"", ":", ",")
                    .list()
                    .ofSize(positions.size())
                    .map(
                        inserts -> {
                          String text = new String(original, StandardCharsets.UTF_8);
                          StringBuilder out = new StringBuilder(text);
                          for (int i = positions.size() - 1; i >= 0; i--) {
                            int at = Math.min(positions.get(i), out.length() - 1);
                            out.replace(at, at + 1, inserts.get(i));
                          }
                          return out.toString().getBytes(StandardCharsets.UTF_8);
                        }));
  }

  @Property(tries = 300)
  void scenarioParserReadsOrRefuses(@ForAll("mutatedScenario") byte[] bytes) {
    try {
      assertThat(ScenarioLoader.fromJson(Json.parse(bytes, 1 << 20, "scenario")).initialState())
          .isNotNull();
    } catch (SteleException e) {
      assertThat(e.code()).startsWith("workflow.");
    }
  }

  @Property(tries = 300)
  void chainParserReadsOrRefuses(@ForAll("mutatedChain") byte[] bytes) {
    try {
      EventChain chain = EventChain.fromJson(Json.parse(bytes, 1 << 20, "chain"));
      assertThat(EventChainVerifier.verify(chain)).isNotNull();
    } catch (SteleException e) {
      assertThat(e.code()).startsWith("workflow.");
    }
  }
}

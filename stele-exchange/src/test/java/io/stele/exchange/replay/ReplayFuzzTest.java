package io.stele.exchange.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Outside input never breaks the replay: lines built from real commands with values swapped for
 * hostile ones either run or are refused with a code, and every line that is not blank gets at
 * least one event carrying its line number.
 */
class ReplayFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static final List<String> TEMPLATES =
      List.of(
          "{\"type\":\"asset\",\"asset\":%s,\"decimals\":%s}",
          "{\"type\":\"market\",\"market\":%s,\"base\":%s,\"quote\":%s,\"tick\":%s,\"lot\":%s,"
              + "\"maker_fee_bps\":%s,\"taker_fee_bps\":%s,\"mode\":%s}",
          "{\"type\":\"deposit\",\"account\":%s,\"asset\":%s,\"amount\":%s}",
          "{\"type\":\"withdraw\",\"account\":%s,\"asset\":%s,\"amount\":%s}",
          "{\"type\":\"place\",\"account\":%s,\"order\":%s,\"market\":%s,\"side\":%s,"
              + "\"order_type\":%s,\"tif\":%s,\"price\":%s,\"size\":%s}",
          "{\"type\":\"cancel\",\"account\":%s,\"order\":%s}",
          "{\"type\":\"amend\",\"account\":%s,\"order\":%s,\"price\":%s,\"size\":%s}",
          "{\"type\":\"auction\",\"market\":%s,\"time\":%s}",
          "%s",
          "{\"type\":%s} {\"type\":\"asset\"}",
          "{\"type\":\"cancel\",\"account\":1,\"account\":%s,\"order\":%s}");

  @Provide
  Arbitrary<String> value() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "\"USD\"",
            "\"BTC\"",
            "\"M\"",
            "\"batch\"",
            "\"continuous\"",
            "\"buy\"",
            "\"sell\"",
            "\"limit\"",
            "\"market\"",
            "\"gtc\"",
            "\"ioc\"",
            "\"fok\"",
            "\"1\"",
            "\"0.01\"",
            "\"100.5\"",
            "\"-1\"",
            "\"1e9\"",
            "\"99999999999999999999\"",
            "\"\"",
            "\"\\u0000\"",
            "1",
            "2",
            "0",
            "-5",
            "8",
            "19",
            "1.5",
            "1e300",
            "99999999999999999999999",
            "true",
            "null",
            "[]",
            "{}",
            "[[[[[[[[]]]]]]]]",
            "{\"a\":{\"b\":{}}}",
            "\"" + "x".repeat(40) + "\""),
        Arbitraries.strings().ofMaxLength(12).map(s -> JSON.valueToTree(s).toString()),
        Arbitraries.longs().map(l -> Long.toString(l)));
  }

  @Property(tries = 200)
  void hostileLinesAreRefusedWithACodeAndNeverBreakTheRun(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 10) Integer> shapes,
      @ForAll @Size(min = 80, max = 80) List<@From("value") String> values)
      throws Exception {
    StringBuilder file = new StringBuilder();
    // A valid prefix, so that later lines can refer to real assets and markets.
    file.append("{\"type\":\"asset\",\"asset\":\"BTC\",\"decimals\":8}\n");
    file.append("{\"type\":\"asset\",\"asset\":\"USD\",\"decimals\":2}\n");
    file.append(
        "{\"type\":\"market\",\"market\":\"M\",\"base\":\"BTC\",\"quote\":\"USD\",\"tick\":\"0.5\","
            + "\"lot\":\"0.01\"}\n");
    int v = 0;
    for (int shape : shapes) {
      String template = TEMPLATES.get(shape);
      int holes = template.split("%s", -1).length - 1;
      Object[] args = new Object[holes];
      for (int i = 0; i < holes; i++) {
        args[i] = values.get(v++ % values.size());
      }
      file.append(String.format(template, args)).append('\n');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String hash =
        new Replay()
            .run(
                new StringReader(file.toString()),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Set<Integer> answered = new HashSet<>();
    JsonNode last = null;
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      last = JSON.readTree(line);
      if (last.has("line")) {
        answered.add(last.get("line").asInt());
      }
      if ("rejected".equals(last.path("event").asText())) {
        assertThat(last.path("code").asText()).matches("[a-z]+\\.[a-z_]+");
        assertThat(last.path("message").asText()).isNotBlank();
      }
    }
    assertThat(last).isNotNull();
    assertThat(last.path("state_hash").asText()).isEqualTo(hash);
    String[] lines = file.toString().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        assertThat(answered).as("line %d: %s", i + 1, lines[i]).contains(i + 1);
      }
    }
  }
}

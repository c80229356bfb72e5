package io.stele.workflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataInstructionsTest {
  private static final JsonNode CONTEXT =
      Json.parse(
          """
          {"assets": {"order": {"amount": "12.50", "lines": [{"qty": 2}, {"qty": 3}], "city": "Amsterdam",
                                "date": "2019-03-04T05:06:07Z"}},
           "actors": {"buyer": {"name": "Ann"}}}
          """,
          "context");

  private static JsonNode eval(String instruction) {
    return DataInstructions.evaluate(Json.parse(instruction, "instruction"), CONTEXT);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"<ref>\": \"assets.order.city\"}                                  | \"Amsterdam\"",
        "{\"<ref>\": \"assets.order.lines.1.qty\"}                           | 3",
        "{\"<ref>\": \"assets.nothing.here\"}                                | null",
        "{\"<ifset>\": \"assets.nothing\", \"a\": 1}                          | null",
        "{\"<ifset>\": \"assets.order\", \"a\": {\"<ref>\": \"actors.buyer.name\"}} | {\"a\": \"Ann\"}",
        "{\"<switch>\": {\"<ref>\": \"assets.order.city\"}, \"Amsterdam\": \"PostNL\", \"_other\": \"DHL\"} | \"PostNL\"",
        "{\"<switch>\": \"Paris\", \"Amsterdam\": \"PostNL\", \"_other\": \"DHL\"} | \"DHL\"",
        "{\"<merge>\": [{\"a\": 1, \"b\": 1}, null, {\"b\": 2}]}               | {\"a\": 1, \"b\": 2}",
        "{\"<merge>\": [[1], [2, 3]]}                                         | [1, 2, 3]",
        "{\"<tpl>\": \"Hi {{ actors.buyer.name }}, {{ assets.order.city }}!\"} | \"Hi Ann, Amsterdam!\"",
        "{\"<eval>\": \"assets.order.lines[].qty\"}                           | [2, 3]",
        "{\"<apply>\": \"[].qty\", \"input\": {\"<ref>\": \"assets.order.lines\"}} | [2, 3]",
        "{\"<jmespath>\": \"a\", \"input\": {\"a\": \"b\"}}                    | \"b\"",
        "{\"<dateformat>\": {\"<ref>\": \"assets.order.date\"}, \"format\": \"d-m-Y H:i\"} | \"04-03-2019 05:06\"",
        "{\"<dateformat>\": \"2020-02-29\", \"format\": \"l j F y\"}            | \"Saturday 29 February 20\"",
        "{\"<math>\": [{\"<ref>\": \"assets.order.amount\"}, \"*\", 4]}         | 50.00",
        "{\"<math>\": [10, \"/\", 4, \"-\", 1]}                                | 1.5",
        "{\"<math>\": [10, \"%\", 4]}                                         | 2",
        "{\"<sum>\": [\"0.1\", \"0.2\", null, 3]}                              | 3.3",
        "{\"<if>\": {\"<ref>\": \"actors.buyer\"}, \"then\": \"yes\", \"else\": \"no\"} | \"yes\"",
        "{\"<if>\": \"0\", \"then\": \"yes\", \"else\": \"no\"}                 | \"no\"",
        "{\"<join>\": [\"a\", \"b\", 3], \"glue\": \", \"}                      | \"a, b, 3\"",
        "{\"<hash>\": \"abc\"}                                                | \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
        "{\"list\": [{\"<ref>\": \"actors.buyer.name\"}]}                     | {\"list\": [\"Ann\"]}"
      })
  void instructionGivesItsResult(String instruction, String expected) {
    assertThat(eval(instruction)).isEqualTo(Json.parse(expected, "expected"));
  }

  @Test
  void errorsNameTheInstruction() {
    assertThatThrownBy(() -> eval("{\"<math>\": [1, \"/\", 0]}"))
        .isInstanceOf(SteleException.class)
        .hasMessage("<math> divides by zero");
    assertThatThrownBy(() -> eval("{\"<nope>\": 1}"))
        .isInstanceOf(SteleException.class)
        .hasMessage("unknown instruction <nope>");
    assertThatThrownBy(() -> eval("{\"<ref>\": \"a\", \"<tpl>\": \"b\"}"))
        .isInstanceOf(SteleException.class)
        .hasMessage("an object holds two instructions: <ref> and <tpl>");
    assertThatThrownBy(
            () -> DataInstructions.check(Json.parse("{\"x\": {\"<eval>\": \"a[\"}}", "i"), "s"))
        .isInstanceOf(SteleException.class)
        .hasMessageStartingWith("s.x: bad JMESPath expression 'a['");
  }

  /** Data without instructions evaluates to itself. */
  @Property
  void plainDataIsUnchanged(@ForAll @Size(max = 6) List<String> words, @ForAll long number) {
    var node = Json.NODES.objectNode();
    node.put("n", number);
    var list = node.putArray("words");
    words.forEach(list::add);
    assertThat(DataInstructions.evaluate(node, CONTEXT)).isEqualTo(node);
  }

  /** {@code <sum>} is exact decimal addition, whatever the order. */
  @Property
  void sumIsExact(
      @ForAll @Size(max = 8)
          List<@net.jqwik.api.constraints.BigRange(min = "-1000000", max = "1000000") BigDecimal>
              values) {
    var array = Json.NODES.arrayNode();
    values.forEach(v -> array.add(v.toPlainString()));
    BigDecimal expected = BigDecimal.ZERO;
    for (BigDecimal v : values) {
      expected = expected.add(v);
    }
    JsonNode result =
        DataInstructions.evaluate(Json.NODES.objectNode().set("<sum>", array), CONTEXT);
    assertThat(result.decimalValue()).isEqualByComparingTo(expected);
  }
}

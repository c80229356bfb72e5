package io.stele.workflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.Vectors;
import io.stele.workflow.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioLoaderTest {
  static List<Path> scenarios() {
    return Stream.concat(
            Vectors.list("scenarios", ".json").stream(),
            Stream.concat(
                Vectors.list("scenarios", ".yml").stream(),
                Stream.of("BasicSystem", "BasicSystemAndUser", "BasicUser", "Handshake")
                    .map(d -> Vectors.lto("scenarios/" + d + "/scenario-v1.0.json"))))
        .toList();
  }

  /** Every published scenario, JSON or YAML, loads and starts in its initial state. */
  @ParameterizedTest
  @MethodSource("scenarios")
  void publishedScenarioLoads(Path file) {
    Scenario scenario = ScenarioLoader.load(file);
    assertThat(scenario.initialState()).isEqualTo("initial");
    assertThat(scenario.actions()).isNotEmpty();
  }

  @Test
  void yamlScenarioKeepsActorsKindsAndImplicitResponses() {
    Scenario scenario = ScenarioLoader.load(Vectors.lto("scenarios/basic-user-and-system.yml"));
    assertThat(scenario.title()).isEqualTo("Basic system and user");
    assertThat(scenario.actors()).containsOnlyKeys("user", "system");
    Action step1 = scenario.actions().get("step1");
    assertThat(step1.kind()).isEqualTo(ActionKind.HTTP);
    assertThat(step1.actors()).containsExactly("system", "user");
    assertThat(step1.responses()).containsOnlyKeys("ok", "error");
    assertThat(scenario.actions().get("step2").kind()).isEqualTo(ActionKind.NOP);
    assertThat(scenario.actions().get("step3").responses()).containsOnlyKeys("ok");
    assertThat(scenario.states().get("initial").transitions())
        .extracting(Transition::response, Transition::target)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ok", "second"),
            org.assertj.core.groups.Tuple.tuple("error", "-"));
  }

  @Test
  void updateInstructionsAreRead() {
    Scenario scenario =
        ScenarioLoader.load(
            Vectors.lto("scenarios/basic-user-and-system.update-instructions.json"));
    assertThat(scenario.actions().get("step1").responses().get("ok").updates())
        .containsExactly(
            new UpdateInstruction("foo", true, null, null),
            new UpdateInstruction("baz", true, null, null),
            new UpdateInstruction("bar", false, null, null));
    assertThat(scenario.actions().get("step3").responses().get("ok").updates())
        .containsExactly(new UpdateInstruction("bar", true, null, "{id: test}"));
  }

  private static ObjectNode basic() {
    return (ObjectNode)
        Json.parse(
            Json.readFile(Vectors.lto("scenarios/basic-user.json"), 1 << 20), 1 << 20, "basic");
  }

  private static void assertRefused(Consumer<ObjectNode> change, String message) {
    ObjectNode json = basic();
    change.accept(json);
    assertThatThrownBy(() -> ScenarioLoader.fromJson(json))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.scenario"))
        .hasMessage(message);
  }

  @Test
  void malformedScenariosAreRefusedWithThePath() {
    assertRefused(
        j -> j.put("$schema", "https://example.com/x"),
        "scenario.$schema is https://example.com/x, not a v0.2 scenario schema");
    assertRefused(j -> j.remove("actions"), "scenario.actions must be an object");
    assertRefused(
        j -> ((ObjectNode) j.get("actions").get("step1")).remove("actor"),
        "scenario.actions.step1 names no actor (actor or actors)");
    assertRefused(
        j ->
            ((ObjectNode) j.get("actions").get("step1"))
                .put("$schema", "https://specs.livecontracts.io/v0.2.0/action/ftp/schema.json#"),
        "scenario.actions.step1.$schema is https://specs.livecontracts.io/v0.2.0/action/ftp/schema.json#, not an action schema this engine runs");
    assertRefused(
        j -> ((ObjectNode) j.get("actions").get("step1")).put("default_response", "maybe"),
        "scenario.actions.step1.default_response names maybe, not one of the responses");
    assertRefused(
        j ->
            ((ObjectNode) j.get("states").get("initial").get("transitions").get(0))
                .remove("transition"),
        "scenario.states.initial.transitions[0].transition must be a non-empty string");
    assertRefused(
        j -> ((ObjectNode) j.get("states").get("initial")).put("timeout", "soon"),
        "scenario.states.initial.timeout 'soon' is not an ISO-8601 duration");
    assertRefused(
        j -> ((ObjectNode) j.get("states")).set(":initial", Json.NODES.objectNode()),
        "scenario.states has both initial and :initial");
    assertRefused(
        j -> ((ObjectNode) j.get("actions").get("step1")).putObject("condition").put("<nope>", 1),
        "scenario.actions.step1.condition uses unknown instruction <nope>");
  }

  @ParameterizedTest
  @CsvSource({"P1D", "PT30M", "P1Y2M3DT4H5M6S", "P2W"})
  void isoDurationsAreAccepted(String duration) {
    ObjectNode json = basic();
    ((ObjectNode) json.get("states").get("initial")).put("timeout", duration);
    assertThat(ScenarioLoader.fromJson(json).states().get("initial").timeout().text())
        .isEqualTo(duration);
  }
}

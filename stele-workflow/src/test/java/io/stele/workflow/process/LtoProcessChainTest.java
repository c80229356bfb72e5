package io.stele.workflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.workflow.Vectors;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The scenario inside a process chain written by LTO's own engine loads and runs here. */
class LtoProcessChainTest {
  @Test
  void scenarioFromAnLtoChainStartsAProcess() {
    EventChain chain =
        EventChain.read(Vectors.lto("event-chains/start-process-basic-system-and-user.json"));
    assertThat(EventChainVerifier.verify(chain)).isEmpty();
    JsonNode body = chain.events().get(1).bodyJson();
    assertThat(body.get("$schema").textValue()).contains("/scenario/");
    Scenario scenario = ScenarioLoader.fromJson(body);
    assertThat(scenario.initialState()).isEqualTo(":initial");
    Process process = ProcessEngine.start(scenario);
    assertThat(ProcessEngine.defaultAction(process)).contains("step1");
    assertThat(ProcessEngine.nextStates(process)).containsExactly("second", "third", ":success");
    assertThat(process.actors().get("system").get("title").textValue()).isEqualTo("System");
  }
}

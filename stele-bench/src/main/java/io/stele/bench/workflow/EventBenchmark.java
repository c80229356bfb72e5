package io.stele.bench.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.Process;
import io.stele.workflow.process.ProcessChain;
import io.stele.workflow.process.ProcessEngine;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One handshake event as it arrives from another party: checking it (parse, hash, signature) and
 * applying it (engine step). Needs {@code -Dstele.vectors=<vectors dir>}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventBenchmark {
  private byte[] wire;
  private Process before;
  private ResponseInput input;

  @Setup
  public void setUp() {
    Scenario scenario =
        ScenarioLoader.load(
            Path.of(
                System.getProperty("stele.vectors"), "lto/scenarios/Handshake/scenario-v1.0.json"));
    ProcessChain run = WorkflowLoad.conversation(scenario, 4, 0);
    Event last = run.chain().events().getLast();
    wire = Json.write(last.toJson()).getBytes(StandardCharsets.UTF_8);
    JsonNode body = last.bodyJson();
    input =
        new ResponseInput(
            body.path("actor").asText(),
            body.path("action").asText(),
            body.path("key").asText(),
            body.get("data"));
    before =
        ProcessChain.replay(
            new EventChain(
                run.chain().id(),
                run.chain().events().subList(0, run.chain().events().size() - 1),
                null,
                null));
  }

  /** Parse the event, recompute its hash, verify its signature, parse its body. */
  @Benchmark
  public JsonNode checkEvent() {
    Event event = EventChain.eventFromJson(Json.parse(wire, 1 << 20, "event"), "event");
    if (!event.computedHash().equals(event.hash()) || !event.signatureValid()) {
      throw new IllegalStateException("the event does not verify");
    }
    return event.bodyJson();
  }

  /** One engine step: conditions, updates, schema check, transition. */
  @Benchmark
  public Process applyEvent() {
    return ProcessEngine.respond(before, input);
  }
}

package io.stele.workflow.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.Process;
import io.stele.workflow.process.ProcessChain;
import io.stele.workflow.process.ProcessView;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.process.SystemActions;
import io.stele.workflow.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Plays a flow file: starts a process from its scenario, runs its steps, and prints one JSON object
 * per line, after creation and after each step. Each line has {@code state}, {@code
 * previousResponses}, {@code previousResponse}, {@code defaultAction}, {@code nextStates}, {@code
 * actors}, {@code assets} and {@code httpRequestCount}; a refused step adds {@code error} ({@code
 * code}, {@code message}) and changes nothing. The {@code expect} keys of the flow are not read.
 * Every accepted response is recorded in a signed event chain.
 */
public final class FlowRunner {
  private final KeyPair signer;
  private final byte[] chainNonce;
  private final Clock clock;

  /**
   * @param signer signs the events of the process chain
   * @param chainNonce the 20-byte nonce of the chain id
   * @param clock gives the events' timestamps
   */
  public FlowRunner(KeyPair signer, byte[] chainNonce, Clock clock) {
    this.signer = signer;
    this.chainNonce = chainNonce.clone();
    this.clock = clock;
  }

  /**
   * A runner that signs with a fresh key from {@code rng}, as {@code stele workflow play} uses it.
   */
  public static FlowRunner create(Rng rng, Clock clock) {
    byte[] nonce = new byte[20];
    rng.nextBytes(nonce);
    return new FlowRunner(KeyPair.generate(rng), nonce, clock);
  }

  /** The process after the last step, and the chain that recorded it. */
  public record Result(Process process, EventChain chain) {}

  /**
   * Plays {@code flowFile}, using {@code scenarioOverride} instead of the scenario it names if
   * given, and prints the lines to {@code out}.
   *
   * @throws SteleException if the flow or scenario cannot be read ({@code workflow.flow}, {@code
   *     workflow.scenario}, ...)
   */
  public Result play(Path flowFile, Optional<Path> scenarioOverride, PrintStream out) {
    Flow flow = Flow.read(flowFile);
    ProcessChain run =
        new ProcessChain(
            ScenarioLoader.load(scenarioOverride.orElse(flow.scenario())),
            signer,
            chainNonce,
            clock);
    QueuedHttpClient http = new QueuedHttpClient();
    SystemActions system = new SystemActions(http);
    for (FlowStep step : flow.steps()) {
      http.enqueue(step.httpReplies());
      SteleException refused = null;
      try {
        if (step.trigger()) {
          Optional<ResponseInput> produced = system.trigger(run.process(), step.actor());
          produced.ifPresent(run::respond);
        } else if (!step.isCreation()) {
          run.respond(new ResponseInput(step.actor(), step.action(), step.response(), step.data()));
        }
      } catch (SteleException e) {
        refused = e;
      }
      ObjectNode line = describe(run.process(), http.requestCount());
      if (refused != null) {
        line.putObject("error").put("code", refused.code()).put("message", refused.getMessage());
      }
      out.println(Json.write(line));
    }
    return new Result(run.process(), run.chain());
  }

  /** The facts a flow line reports about a process. */
  static ObjectNode describe(Process process, int httpRequestCount) {
    ObjectNode line = ProcessView.of(process);
    line.put("httpRequestCount", httpRequestCount);
    return line;
  }
}

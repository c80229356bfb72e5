package io.stele.node.cli;

import io.stele.core.clock.SystemClock;
import io.stele.core.error.SteleException;
import io.stele.core.random.SecureRng;
import io.stele.workflow.flow.FlowRunner;
import io.stele.workflow.scenario.LintFinding;
import io.stele.workflow.scenario.ScenarioLinter;
import io.stele.workflow.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description = "Live Contracts: check scenarios and run flows (LTO scenario format v0.2.0).",
    subcommands = {WorkflowCommand.Play.class, WorkflowCommand.Lint.class})
final class WorkflowCommand {

  @Command(
      name = "play",
      mixinStandardHelpOptions = true,
      description = {
        "Run a flow file (docs/workflow.md) on a fresh process and print one JSON object per",
        "line: after creation and after each step, with state, previousResponses,",
        "previousResponse, defaultAction, nextStates, actors, assets and httpRequestCount.",
        "The flow's expect keys are not checked."
      })
  static final class Play implements Runnable {
    @Parameters(paramLabel = "FLOW", description = "The flow file (JSON).")
    Path flow;

    @Option(
        names = "--scenario",
        paramLabel = "FILE",
        description = "Scenario to use instead of the one the flow names.")
    Path scenario;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      try (PrintStream lines = LineStream.to(output.out())) {
        FlowRunner.create(new SecureRng(), new SystemClock())
            .play(flow, Optional.ofNullable(scenario), lines);
      }
    }
  }

  @Command(
      name = "lint",
      mixinStandardHelpOptions = true,
      description = {
        "Check a scenario (JSON or YAML) for dangling references, unreachable states and",
        "loops made only of system actions. Exit 0 when clean, 1 with the findings."
      })
  static final class Lint implements Runnable {
    @Parameters(paramLabel = "SCENARIO", description = "The scenario file.")
    Path scenario;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      List<LintFinding> findings = ScenarioLinter.lint(ScenarioLoader.load(scenario));
      if (!findings.isEmpty()) {
        throw new SteleException(
            "workflow.lint",
            findings.size()
                + " finding(s): "
                + findings.stream().map(LintFinding::toString).collect(Collectors.joining("; ")));
      }
      output.print(output.object().put("scenario", scenario.toString()).put("findings", 0));
    }
  }
}

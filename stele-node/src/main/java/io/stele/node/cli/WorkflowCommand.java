package io.stele.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.SystemClock;
import io.stele.core.error.SteleException;
import io.stele.core.random.SecureRng;
import io.stele.node.workflow.WorkflowClient;
import io.stele.workflow.flow.FlowRunner;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.LintFinding;
import io.stele.workflow.scenario.ScenarioLinter;
import io.stele.workflow.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description =
        "Live Contracts: check scenarios, run flows, and run processes on a node (LTO v0.2.0).",
    subcommands = {
      WorkflowCommand.Play.class,
      WorkflowCommand.Lint.class,
      WorkflowCommand.Start.class,
      WorkflowCommand.Act.class,
      WorkflowCommand.Comment.class,
      WorkflowCommand.Deviate.class,
      WorkflowCommand.Update.class,
      WorkflowCommand.Answer.class,
      WorkflowCommand.Subprocess.class,
      WorkflowCommand.Show.class,
      WorkflowCommand.Diagram.class,
      WorkflowCommand.Forks.class
    })
final class WorkflowCommand {
  /** An identity file is a small JSON object; anything larger is not one. */
  private static final int MAX_IDENTITY_BYTES = 64 * 1024;

  /** Reads a local file; a file that cannot be read is {@code cli.io} (exit 3). */
  private static byte[] read(Path file, int maxBytes) {
    try {
      return Json.readFile(file, maxBytes);
    } catch (SteleException e) {
      if (e.code().equals("workflow.io")) {
        throw new SteleException("cli.io", e.getMessage(), e);
      }
      throw e;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Add a scenario (JSON or YAML) to a node and start a process of it between the given",
        "identities; prints the new process (its id is the event chain id)."
      })
  static final class Start implements Runnable {
    @Parameters(paramLabel = "SCENARIO", description = "The scenario file (.json, .yml, .yaml).")
    Path scenario;

    @Option(
        names = "--identity",
        paramLabel = "FILE",
        description = "An LTO identity (JSON) taking part; repeat for each party.")
    List<Path> identities = new ArrayList<>();

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      WorkflowClient client = new WorkflowClient(node.client());
      String name = scenario.getFileName().toString().toLowerCase(Locale.ROOT);
      String type =
          name.endsWith(".yml") || name.endsWith(".yaml") ? "application/yaml" : "application/json";
      String id =
          client.addScenario(read(scenario, ScenarioLoader.MAX_BYTES), type).path("id").asText();
      ObjectNode request = output.object().put("scenario", id);
      ArrayNode list = request.putArray("identities");
      for (Path file : identities) {
        byte[] bytes = read(file, MAX_IDENTITY_BYTES);
        list.add(Json.parse(bytes, MAX_IDENTITY_BYTES, file.toString()));
      }
      output.print(client.start(request));
    }
  }

  @Command(
      name = "act",
      mixinStandardHelpOptions = true,
      description = {
        "Perform an action in a process as one of its identities playing an actor; prints the",
        "process as that actor sees it, with the actions open to it next."
      })
  static final class Act implements Runnable {
    @Parameters(paramLabel = "PROCESS", description = "The process id.")
    String process;

    @Option(names = "--identity", required = true, paramLabel = "ID", description = "Who acts.")
    String identity;

    @Option(names = "--actor", required = true, paramLabel = "ACTOR", description = "As whom.")
    String actor;

    @Option(names = "--action", required = true, paramLabel = "ACTION", description = "What.")
    String action;

    @Option(
        names = "--response",
        paramLabel = "KEY",
        description = "The response key (default: ok, or the action's determine_response).")
    String response;

    @Option(names = "--data", paramLabel = "JSON", description = "The response's data (JSON).")
    String data;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      ObjectNode request =
          output
              .object()
              .put("identity", identity)
              .put("actor", actor)
              .put("action", action)
              .put("response", response);
      if (data != null) {
        try {
          request.set("data", Json.parse(data, "--data"));
        } catch (SteleException e) {
          throw new SteleException("cli.bad_option", "--data is not JSON: " + e.getMessage());
        }
      }
      output.print(new WorkflowClient(node.client()).act(process, request));
    }
  }

  /** Who does something in a process: the identity and the actor it plays. */
  static final class Party {
    @Option(names = "--identity", required = true, paramLabel = "ID", description = "Who.")
    String identity;

    @Option(names = "--actor", required = true, paramLabel = "ACTOR", description = "As whom.")
    String actor;

    ObjectNode request(OutputOptions output) {
      return output.object().put("identity", identity).put("actor", actor);
    }
  }

  @Command(
      name = "comment",
      mixinStandardHelpOptions = true,
      description = "Record a comment in a process; its state does not change.")
  static final class Comment implements Runnable {
    @Parameters(paramLabel = "PROCESS", description = "The process id.")
    String process;

    @Mixin Party party;

    @Option(names = "--message", required = true, paramLabel = "TEXT", description = "The text.")
    String message;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          new WorkflowClient(node.client())
              .record(process, "comments", party.request(output).put("message", message)));
    }
  }

  @Command(
      name = "deviate",
      mixinStandardHelpOptions = true,
      description = {
        "Propose to move a process to STATE off its scenario's path; it moves once every other",
        "actor accepts (stele workflow answer). Prints the process; the proposal id is in",
        "proposals."
      })
  static final class Deviate implements Runnable {
    @Parameters(paramLabel = "PROCESS", description = "The process id.")
    String process;

    @Mixin Party party;

    @Option(names = "--state", required = true, paramLabel = "STATE", description = "Where to.")
    String state;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why.")
    String reason;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          new WorkflowClient(node.client())
              .record(
                  process,
                  "deviations",
                  party.request(output).put("state", state).put("reason", reason)));
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Add SCENARIO (a new version) to the node and propose to switch a process to it; it",
        "switches once every other actor accepts. --map OLD=NEW moves a state that was renamed."
      })
  static final class Update implements Runnable {
    @Parameters(index = "0", paramLabel = "PROCESS", description = "The process id.")
    String process;

    @Parameters(index = "1", paramLabel = "SCENARIO", description = "The new scenario file.")
    Path scenario;

    @Mixin Party party;

    @Option(names = "--map", paramLabel = "OLD=NEW", description = "A state mapping; repeat.")
    java.util.Map<String, String> states = new java.util.LinkedHashMap<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why.")
    String reason;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      WorkflowClient client = new WorkflowClient(node.client());
      String name = scenario.getFileName().toString().toLowerCase(Locale.ROOT);
      String type =
          name.endsWith(".yml") || name.endsWith(".yaml") ? "application/yaml" : "application/json";
      String id =
          client.addScenario(read(scenario, ScenarioLoader.MAX_BYTES), type).path("id").asText();
      ObjectNode request = party.request(output).put("scenario", id).put("reason", reason);
      ObjectNode mapping = request.putObject("states");
      states.forEach(mapping::put);
      output.print(client.record(process, "updates", request));
    }
  }

  @Command(
      name = "answer",
      mixinStandardHelpOptions = true,
      description = "Accept (--accept) or refuse (--refuse) a pending deviation or update.")
  static final class Answer implements Runnable {
    @Parameters(paramLabel = "PROCESS", description = "The process id.")
    String process;

    @Option(names = "--proposal", required = true, paramLabel = "ID", description = "Which.")
    String proposal;

    @Mixin Party party;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    static final class Choice {
      @Option(names = "--accept", required = true, description = "Agree.")
      boolean accept;

      @Option(names = "--refuse", required = true, description = "Disagree; ends the proposal.")
      boolean refuse;
    }

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          new WorkflowClient(node.client())
              .record(
                  process,
                  "proposals/" + io.stele.node.client.NodeClient.segment(proposal) + "/answers",
                  party.request(output).put("accept", choice.accept)));
    }
  }

  @Command(
      name = "subprocess",
      mixinStandardHelpOptions = true,
      description = {
        "Perform a sub-process action: start a child process of the action's scenario; prints",
        "the child. The parent moves on when the child ends."
      })
  static final class Subprocess implements Runnable {
    @Parameters(paramLabel = "PROCESS", description = "The parent process id.")
    String process;

    @Mixin Party party;

    @Option(names = "--action", required = true, paramLabel = "ACTION", description = "Which.")
    String action;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          new WorkflowClient(node.client())
              .record(process, "subprocesses", party.request(output).put("action", action)));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Show a process: state, previous responses, default action, predicted next states,",
        "actors, assets, due date; with --actor also what that actor may do now."
      })
  static final class Show implements Runnable {
    @Parameters(paramLabel = "PROCESS", description = "The process id.")
    String process;

    @Option(names = "--actor", paramLabel = "ACTOR", description = "Add this actor's actions.")
    String actor;

    @Option(names = "--events", description = "Add the signed events, oldest first.")
    boolean events;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      WorkflowClient client = new WorkflowClient(node.client());
      ObjectNode state = client.state(process, actor);
      if (events) {
        state.set("events", client.events(process).path("events"));
      }
      output.print(state);
    }
  }

  @Command(
      name = "diagram",
      mixinStandardHelpOptions = true,
      description = {
        "Draw a process's scenario with its current state highlighted: Mermaid",
        "stateDiagram-v2 (default) or Graphviz DOT, to standard output or --out FILE."
      })
  static final class Diagram implements Runnable {
    @Parameters(paramLabel = "PROCESS", description = "The process id.")
    String process;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "mermaid",
        description = "mermaid or dot (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the diagram here.")
    Path out;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      ObjectNode drawn = new WorkflowClient(node.client()).diagram(process, format);
      String diagram = drawn.path("diagram").asText();
      if (out != null) {
        try {
          Files.writeString(out, diagram);
        } catch (IOException e) {
          throw new SteleException("cli.io", "cannot write " + out + ": " + e.getMessage(), e);
        }
        drawn.remove("diagram");
        drawn.put("out", out.toString());
        output.print(drawn);
      } else if (output.json) {
        output.print(drawn);
      } else {
        output.out().print(diagram.endsWith("\n") ? diagram : diagram + "\n");
        output.out().flush();
      }
    }
  }

  @Command(
      name = "forks",
      mixinStandardHelpOptions = true,
      description = {
        "List the forks the node was sent and cannot decide yet, because the first events",
        "that differ are not both anchored: chain, events in common, our and their hash."
      })
  static final class Forks implements Runnable {
    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(new WorkflowClient(node.client()).forks());
    }
  }

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

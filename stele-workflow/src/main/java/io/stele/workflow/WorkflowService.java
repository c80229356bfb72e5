package io.stele.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.workflow.anchor.EventAnchoring;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.diagram.Diagrams;
import io.stele.workflow.identity.ChainIdentities;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.identity.Invitation;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.Process;
import io.stele.workflow.process.ProcessChain;
import io.stele.workflow.process.ProcessView;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the API and the CLI call: scenarios, processes and their chains, kept in memory by one node.
 * Every change is recorded as an event signed by the node's key and announced to the listeners
 * (which is how a {@code PartyNode} stores and distributes it). Thread-safe.
 */
public final class WorkflowService {
  /** Told about every new version of a process, after it is in place. */
  @FunctionalInterface
  public interface ProcessListener {
    void changed(String processId, EventChain chain, Process process);
  }

  private final KeyPair node;
  private final Clock clock;
  private final Rng rng;
  private final Map<String, Scenario> scenarios = new LinkedHashMap<>();
  private final Map<String, ProcessChain> processes = new LinkedHashMap<>();
  private final List<ProcessListener> listeners = new CopyOnWriteArrayList<>();
  private final EventAnchoring anchoring;
  private final Set<String> anchoringRequested = ConcurrentHashMap.newKeySet();

  /** {@code node} signs the events; {@code rng} draws chain id nonces. Nothing is anchored. */
  public WorkflowService(KeyPair node, Clock clock, Rng rng) {
    this(node, clock, rng, null);
  }

  /**
   * Also anchors every event of every process through {@code anchoring}; when an anchor is final
   * the event's receipt is filled in and the listeners are told. A failed anchoring is asked for
   * again at the process's next change.
   */
  public WorkflowService(KeyPair node, Clock clock, Rng rng, EventAnchoring anchoring) {
    this.node = node;
    this.clock = clock;
    this.rng = rng;
    this.anchoring = anchoring;
  }

  public void addListener(ProcessListener listener) {
    listeners.add(listener);
  }

  /**
   * Adds a scenario; its id is base58(SHA-256) of its compact JSON, so adding it again gives the
   * same id. A malformed scenario is refused with {@code workflow.scenario}.
   */
  public synchronized String addScenario(JsonNode json) {
    Scenario scenario = ScenarioLoader.fromJson(json);
    String id = Base58.encode(Hashes.sha256(Json.write(json).getBytes(StandardCharsets.UTF_8)));
    scenarios.putIfAbsent(id, scenario);
    return id;
  }

  /**
   * Loads a scenario file ({@code .json}, {@code .yml}, {@code .yaml}); see {@link #addScenario}.
   */
  public String loadScenario(Path file) {
    return addScenario(ScenarioLoader.load(file).source());
  }

  /** Scenario ids and titles, in the order they were added. */
  public synchronized Map<String, String> scenarios() {
    Map<String, String> titles = new LinkedHashMap<>();
    scenarios.forEach((id, s) -> titles.put(id, s.title()));
    return titles;
  }

  public synchronized Scenario scenario(String id) {
    Scenario scenario = scenarios.get(id);
    if (scenario == null) {
      throw new SteleException("workflow.unknown_scenario", "no scenario " + id);
    }
    return scenario;
  }

  /**
   * Starts a process of a scenario between the given parties ({@code identities}: LTO identity
   * objects, listed beside the chain's events). Returns the process id, which is its chain id.
   */
  public String start(String scenarioId, List<Identity> identities) {
    Scenario scenario = scenario(scenarioId);
    byte[] nonce = new byte[20];
    ProcessChain run;
    synchronized (this) {
      rng.nextBytes(nonce);
      ProcessChain fresh = new ProcessChain(scenario, node, nonce, clock);
      EventChain chain = fresh.chain();
      run =
          ProcessChain.resume(
              new EventChain(chain.id(), chain.events(), identitiesJson(identities), null),
              node,
              clock);
      processes.put(chain.id(), run);
    }
    announce(run);
    return run.chain().id();
  }

  /** Process ids, oldest first. */
  public synchronized List<String> processes() {
    return List.copyOf(processes.keySet());
  }

  /**
   * Performs an action as {@code identityId} playing {@code actor}. The identity must be one of the
   * chain's ({@code workflow.unknown_identity}); an actor whose data names an identity (key {@code
   * identity}) can be played by that identity only ({@code workflow.not_your_actor}). The engine's
   * own refusals follow (see the docs); a refused action records nothing.
   *
   * @return the process as {@link #state} shows it to that actor
   */
  public ObjectNode perform(
      String processId,
      String identityId,
      String actor,
      String action,
      String response,
      JsonNode data) {
    ProcessChain run;
    synchronized (this) {
      run = run(processId);
      if (!ChainIdentities.of(run.chain()).containsKey(identityId)) {
        throw new SteleException(
            "workflow.unknown_identity",
            "identity " + identityId + " takes no part in process " + processId);
      }
      JsonNode bound = run.process().actors().path(actor).path("identity");
      if (bound.isTextual() && !bound.textValue().equals(identityId)) {
        throw new SteleException(
            "workflow.not_your_actor",
            "actor " + actor + " is played by " + bound.textValue() + ", not " + identityId);
      }
      run.respond(new ResponseInput(actor, action, response, data));
    }
    announce(run);
    return state(processId, actor);
  }

  /**
   * Invites a party: registers identity {@code identityId} at {@code node} with a one-time key, in
   * an event signed by this node. Hand {@link Invitation#oneTimeSeed} to the party out of band.
   */
  public Invitation invite(String processId, String identityId, String node) {
    Invitation invitation;
    ProcessChain run;
    synchronized (this) {
      run = run(processId);
      invitation = Invitation.create(identityId, node, rng);
      run.register(invitation.identity(), this.node);
    }
    announce(run);
    return invitation;
  }

  /**
   * Joins a process this node was invited to: an identity event signed by the one-time key replaces
   * it with {@code own}. Refused with {@code workflow.invitation} unless the chain's identity
   * {@code own.id()} signs with that one-time key.
   */
  public void join(String processId, Identity own, Bytes oneTimeSeed) {
    KeyPair oneTime = KeyPair.fromSeed(oneTimeSeed.toArray());
    ProcessChain run;
    synchronized (this) {
      run = run(processId);
      Identity invited = ChainIdentities.of(run.chain()).get(own.id());
      if (invited == null || !invited.signsWith(oneTime.publicKey())) {
        throw new SteleException(
            "workflow.invitation",
            "process " + processId + " holds no invitation for " + own.id() + " with this key");
      }
      run.register(own, oneTime);
    }
    announce(run);
  }

  /**
   * Takes in a newer version of a process's chain that the caller has verified (a {@code PartyNode}
   * verifies every copy it takes in); it is replayed, its links checked. Unknown processes are
   * added.
   */
  public void accept(EventChain chain) {
    ProcessChain run = ProcessChain.resumeVerified(chain, node, clock);
    synchronized (this) {
      processes.put(chain.id(), run);
    }
    announce(run);
  }

  /**
   * The process as the flow runner shows it ({@code state}, {@code previousResponses}, {@code
   * previousResponse}, {@code defaultAction}, {@code nextStates}, {@code actors}, {@code assets}),
   * plus {@code id}, {@code scenario} (title), {@code dueDate} (Unix seconds or null) and, when
   * {@code actor} is given, {@code actions}: what that actor may do now.
   */
  public synchronized ObjectNode state(String processId, String actor) {
    ProcessChain run = run(processId);
    ObjectNode view = Json.NODES.objectNode();
    view.put("id", processId);
    view.put("scenario", run.process().scenario().title());
    view.setAll(ProcessView.of(run.process()));
    view.put("dueDate", run.dueDate().orElse(null));
    if (actor != null) {
      ArrayNode actions = view.putArray("actions");
      ProcessView.actionsFor(run.process(), actor).forEach(actions::add);
    }
    return view;
  }

  /** The process's events, oldest first. */
  public synchronized List<Event> history(String processId) {
    return run(processId).chain().events();
  }

  /** The process's whole chain, as exchanged between nodes. */
  public synchronized EventChain chain(String processId) {
    return run(processId).chain();
  }

  /** The parties of the process, by identity id. */
  public synchronized Map<String, Identity> identities(String processId) {
    return ChainIdentities.of(run(processId).chain());
  }

  /** The process's scenario as Mermaid ({@code mermaid}) or Graphviz ({@code dot}). */
  public synchronized String diagram(String processId, String format) {
    Process process = run(processId).process();
    return switch (format) {
      case "mermaid" -> Diagrams.mermaid(process.scenario(), process.state());
      case "dot" -> Diagrams.dot(process.scenario(), process.state());
      default ->
          throw new SteleException(
              "workflow.diagram_format", "format " + format + " is neither mermaid nor dot");
    };
  }

  private ProcessChain run(String processId) {
    ProcessChain run = processes.get(processId);
    if (run == null) {
      throw new SteleException("workflow.unknown_process", "no process " + processId);
    }
    return run;
  }

  private void announce(ProcessChain run) {
    EventChain chain;
    Process process;
    synchronized (this) {
      chain = run.chain();
      process = run.process();
    }
    for (ProcessListener listener : listeners) {
      listener.changed(chain.id(), chain, process);
    }
    if (anchoring != null) {
      for (Event event : chain.events()) {
        if (event.receipt().isNull() && anchoringRequested.add(event.hash())) {
          anchoring
              .anchor(event)
              .whenComplete(
                  (anchored, failure) -> {
                    if (failure != null) {
                      anchoringRequested.remove(event.hash());
                    } else {
                      receiptArrived(chain.id(), anchored);
                    }
                  });
        }
      }
    }
  }

  private void receiptArrived(String processId, Event anchored) {
    ProcessChain run;
    synchronized (this) {
      run = processes.get(processId);
      if (run == null || !run.attachReceipt(anchored)) {
        return;
      }
    }
    announce(run);
  }

  private static ArrayNode identitiesJson(List<Identity> identities) {
    ArrayNode list = Json.NODES.arrayNode();
    identities.forEach(i -> list.add(i.toJson()));
    return list;
  }
}

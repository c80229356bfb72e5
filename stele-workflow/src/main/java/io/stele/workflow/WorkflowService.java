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
import io.stele.workflow.process.ProcessEvents;
import io.stele.workflow.process.ProcessView;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.scenario.Action;
import io.stele.workflow.scenario.ActionKind;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import io.stele.workflow.scenario.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final String nodeKey;
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
    this.nodeKey = node.publicKey().bytes().toBase58();
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
    changed(run);
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
      checkActor(run, processId, identityId, actor);
      run.respond(new ResponseInput(actor, action, response, data));
    }
    changed(run);
    return state(processId, actor);
  }

  /** The identity must be a party of the chain, and the actor not bound to another identity. */
  private static void checkActor(
      ProcessChain run, String processId, String identityId, String actor) {
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
  }

  /**
   * Records a comment by {@code actor}: no transition. Refused like {@link #perform} for the
   * identity and actor, and with {@code workflow.comment} for an empty or too long message.
   */
  public ObjectNode comment(String processId, String identityId, String actor, String message) {
    return record(processId, identityId, actor, ProcessEvents.commentBody(actor, message));
  }

  /**
   * Proposes to move the process to {@code state}, off the scenario's path; it moves once every
   * other actor accepts ({@link #answer}). Refused with {@code workflow.proposal_pending} while
   * another proposal waits, {@code workflow.unknown_state}, {@code workflow.deviation}.
   */
  public ObjectNode proposeDeviation(
      String processId, String identityId, String actor, String state, String reason) {
    return record(processId, identityId, actor, ProcessEvents.deviationBody(actor, state, reason));
  }

  /**
   * Proposes to switch the process to scenario {@code scenarioId} (known to this service), moving
   * each state named in {@code states} to its mapped state; it switches once every other actor
   * accepts. Refused with {@code workflow.scenario_update} when the linter finds the mapping wrong
   * ({@code ScenarioLinter.lintUpdate}).
   */
  public ObjectNode proposeUpdate(
      String processId,
      String identityId,
      String actor,
      String scenarioId,
      Map<String, String> states,
      String reason) {
    JsonNode scenario = scenario(scenarioId).source();
    return record(
        processId, identityId, actor, ProcessEvents.updateBody(actor, scenario, states, reason));
  }

  /**
   * Accepts or refuses the pending proposal {@code proposalId} (the hash of the event that made it)
   * as {@code actor}; refused with {@code workflow.unknown_proposal} or {@code
   * workflow.already_answered}.
   */
  public ObjectNode answer(
      String processId, String identityId, String actor, String proposalId, boolean accept) {
    return record(
        processId, identityId, actor, ProcessEvents.answerBody(actor, proposalId, accept));
  }

  /**
   * Performs a sub-process action: starts a child process of the action's {@code scenario} (an id
   * this service knows) between the same parties, and links it in the parent. When the child ends,
   * this node records the end in the parent, which takes the action's response {@code ok}, {@code
   * failed} or {@code cancelled}. Returns the child's id.
   */
  public String startSubprocess(String processId, String identityId, String actor, String action) {
    ProcessChain parent;
    String scenarioId;
    synchronized (this) {
      parent = run(processId);
      checkActor(parent, processId, identityId, actor);
      Action definition = parent.process().scenario().actions().get(action);
      if (definition == null || definition.kind() != ActionKind.SUBPROCESS) {
        throw new SteleException(
            "workflow.subprocess", "action " + action + " does not start a sub-process");
      }
      scenarioId = definition.definition().path("scenario").asText();
      scenario(scenarioId); // refused with workflow.unknown_scenario before anything is written
      // The rule is pure: trying it on the current process refuses a step it would refuse later.
      ProcessEvents.apply(
          parent.process(),
          ProcessEvents.subprocessBody(actor, action, "(not started yet)", scenarioId),
          "",
          0);
    }
    List<Identity> parties = List.copyOf(ChainIdentities.of(parent.chain()).values());
    String child = start(scenarioId, parties);
    record(
        processId,
        identityId,
        actor,
        ProcessEvents.subprocessBody(actor, action, child, scenarioId));
    return child;
  }

  private ObjectNode record(String processId, String identityId, String actor, ObjectNode body) {
    ProcessChain run;
    synchronized (this) {
      run = run(processId);
      checkActor(run, processId, identityId, actor);
      run.record(body);
    }
    changed(run);
    return state(processId, actor);
  }

  /**
   * Fires every time-out that is due by the clock, in the processes this node started (the signer
   * of a chain's first event fires its time-outs; the other parties receive them). Each is one
   * signed event taking the state's {@code :timeout} transition. Call it on a schedule; a time-out
   * that fell due while the node was down fires at the first call after restart.
   *
   * @return the ids of the processes that timed out
   */
  public List<String> fireDueTimeouts() {
    long now = Math.floorDiv(clock.millis(), 1000L);
    List<ProcessChain> fired = new ArrayList<>();
    synchronized (this) {
      for (ProcessChain run : processes.values()) {
        if (startedHere(run) && run.dueDate().filter(due -> due <= now).isPresent()) {
          try {
            run.timeout();
            fired.add(run);
          } catch (SteleException e) {
            // no :timeout transition applies now (the linter warns of it): nothing to record
          }
        }
      }
    }
    fired.forEach(this::changed);
    return fired.stream().map(r -> r.chain().id()).toList();
  }

  /** The earliest due date (Unix seconds) among the time-outs this node fires, if any. */
  public synchronized Optional<Long> nextTimeout() {
    return processes.values().stream()
        .filter(this::startedHere)
        .map(ProcessChain::dueDate)
        .flatMap(Optional::stream)
        .min(Long::compare);
  }

  private boolean startedHere(ProcessChain run) {
    return run.chain().events().getFirst().signkey().equals(nodeKey);
  }

  /**
   * Rebuilds processes from chains this node stored before (its {@code EventChainStore} keeps only
   * chains that verified): replayed with links checked, listed after those already known, by start
   * time, and their scenarios added. Listeners are not told (nothing changed); events without a
   * receipt are anchored again.
   *
   * @return one line ({@code id: code: message}) per chain that is not a process this engine
   *     replays (an LTO process chain, for example); those stay in the store only
   */
  public List<String> restore(List<EventChain> chains) {
    List<ProcessChain> runs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (EventChain chain : chains) {
      try {
        runs.add(ProcessChain.resumeVerified(chain, node, clock));
      } catch (SteleException e) {
        skipped.add(chain.id() + ": " + e.code() + ": " + e.getMessage());
      }
    }
    runs.sort(
        Comparator.comparingLong((ProcessChain r) -> r.chain().events().getFirst().timestamp())
            .thenComparing(r -> r.chain().id()));
    synchronized (this) {
      for (ProcessChain run : runs) {
        addScenario(run.chain().events().getFirst().bodyJson());
        processes.putIfAbsent(run.chain().id(), run);
      }
    }
    runs.forEach(this::anchor);
    return skipped;
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
    changed(run);
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
    changed(run);
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
    changed(run);
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
    Process process = run.process();
    ArrayNode comments = view.putArray("comments");
    process.comments().forEach(c -> comments.add(c.toJson()));
    ArrayNode proposals = view.putArray("proposals");
    process.proposals().forEach(p -> proposals.add(p.toJson()));
    ArrayNode children = view.putArray("subprocesses");
    process.subprocesses().forEach(c -> children.add(c.toJson()));
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

  /** Tells the listeners, anchors new events, and ends the parent's wait if a child ended. */
  private void changed(ProcessChain run) {
    EventChain chain;
    Process process;
    synchronized (this) {
      chain = run.chain();
      process = run.process();
    }
    for (ProcessListener listener : listeners) {
      listener.changed(chain.id(), chain, process);
    }
    anchor(run);
    if (State.isFinal(process.state()) && startedHere(run)) {
      endSubprocess(chain.id(), process);
    }
  }

  /** Records a child's end in the parent that waits for it, if this node holds that parent. */
  private void endSubprocess(String childId, Process child) {
    ProcessChain parent = null;
    synchronized (this) {
      for (ProcessChain candidate : processes.values()) {
        if (candidate.process().subprocesses().stream()
            .anyMatch(s -> s.running() && s.process().equals(childId))) {
          try {
            candidate.record(
                ProcessEvents.subprocessEndBody(childId, child.state(), child.assets()));
            parent = candidate;
          } catch (SteleException e) {
            // The parent no longer offers the action (a deviation moved it on): it keeps the
            // child listed as running, and the child's end stays in the child's own chain.
          }
          break;
        }
      }
    }
    if (parent != null) {
      changed(parent);
    }
  }

  private void anchor(ProcessChain run) {
    if (anchoring == null) {
      return;
    }
    EventChain chain;
    synchronized (this) {
      chain = run.chain();
    }
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

  private void receiptArrived(String processId, Event anchored) {
    ProcessChain run;
    synchronized (this) {
      run = processes.get(processId);
      if (run == null || !run.attachReceipt(anchored)) {
        return;
      }
    }
    changed(run);
  }

  private static ArrayNode identitiesJson(List<Identity> identities) {
    ArrayNode list = Json.NODES.arrayNode();
    identities.forEach(i -> list.add(i.toJson()));
    return list;
  }
}

package io.stele.workflow.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process together with its event chain: the first event's body is the scenario, and every
 * accepted response is one more signed event. The process is a pure function of the chain: {@link
 * #replay} rebuilds it from the events alone, with no HTTP and no clock.
 */
public final class ProcessChain {
  public static final String RESPONSE_SCHEMA =
      "https://specs.livecontracts.io/v0.2.0/response/schema.json#";

  private final KeyPair signer;
  private final Clock clock;
  private Process process;
  private EventChain chain;
  private long enteredAt;

  /** Starts a process and its chain; {@code nonce} is the 20-byte chain id nonce. */
  public ProcessChain(Scenario scenario, KeyPair signer, byte[] nonce, Clock clock) {
    this.signer = signer;
    this.clock = clock;
    this.process = ProcessEngine.start(scenario);
    this.chain = EventChain.empty(ChainId.create(signer.publicKey(), nonce));
    append(Json.write(scenario.source()));
    this.enteredAt = chain.events().getLast().timestamp();
  }

  public Process process() {
    return process;
  }

  public EventChain chain() {
    return chain;
  }

  /** Performs a response and records it; a refused response records nothing. */
  public Process respond(ResponseInput input) {
    Process next = ProcessEngine.respond(process, input);
    Response accepted = next.responses().getLast();
    ObjectNode body = Json.NODES.objectNode();
    body.put("$schema", RESPONSE_SCHEMA);
    body.put("action", accepted.action());
    body.put("key", accepted.key());
    body.put("actor", accepted.actor());
    body.set("data", accepted.data());
    append(Json.write(body));
    if (!next.state().equals(process.state())) {
      enteredAt = chain.events().getLast().timestamp();
    }
    process = next;
    return next;
  }

  /**
   * Records that the current state timed out, at the clock's time, taking its {@code :timeout}
   * transition ({@link ProcessEngine#timeout}).
   *
   * @throws SteleException {@code workflow.not_due} if the state's due date has not come, {@code
   *     workflow.no_timeout} if the state has no time-out transition that applies
   */
  public Process timeout() {
    long now = Math.floorDiv(clock.millis(), 1000L);
    checkTimeoutSigner(signer.publicKey().bytes().toBase58());
    checkDue(now);
    Process next = ProcessEngine.timeout(process);
    ObjectNode body = Json.NODES.objectNode();
    body.put("$schema", RESPONSE_SCHEMA);
    body.put("action", ProcessEngine.TIMEOUT);
    body.put("key", "ok");
    body.putNull("actor");
    body.putNull("data");
    append(Json.write(body));
    enteredAt = chain.events().getLast().timestamp();
    process = next;
    return next;
  }

  /**
   * Records one of the {@link ProcessEvents} (comment, deviation, update, answer, sub-process): the
   * event is signed, then its rule applied; a refused event records nothing.
   */
  public Process record(ObjectNode body) {
    if (!ProcessEvents.handles(body.path("$schema").asText())) {
      throw new SteleException(
          "workflow.event_kind", "not a process event: " + body.path("$schema"));
    }
    Event event = sign(Json.write(body), signer);
    Process next = ProcessEvents.apply(process, body, event.hash(), event.timestamp());
    chain = chain.with(event);
    if (moved(process, next)) {
      enteredAt = event.timestamp();
    }
    process = next;
    return next;
  }

  private void checkDue(long now) {
    Optional<Long> due = dueDate();
    if (due.isEmpty() || due.get() > now) {
      throw new SteleException(
          "workflow.not_due",
          "state "
              + process.state()
              + (due.isEmpty() ? " has no timeout" : " is due at " + due.get() + ", not " + now));
    }
  }

  /**
   * Only the process's creator (the signer of event 0) fires its time-outs, so exactly one node
   * does; a rebased time-out counts as signed by whoever first signed it.
   */
  private void checkTimeoutSigner(String signkey) {
    String creator = chain.events().getFirst().signkey();
    if (!creator.equals(signkey)) {
      throw new SteleException(
          "workflow.timeout_signer",
          "a time-out is fired by the process's creator " + creator + ", not " + signkey);
    }
  }

  /** A new state, or the same key in a new scenario, starts a new stay (and time-out). */
  private static boolean moved(Process before, Process after) {
    return !after.state().equals(before.state()) || after.scenario() != before.scenario();
  }

  /**
   * Records an identity event: signed by this node's key to add a party (for an invitation, with
   * its one-time key), or by {@code signer} = the invited party's one-time key when it joins and
   * replaces that key with its own.
   */
  public void register(Identity identity, KeyPair signer) {
    append(Json.write(identity.toJson()), signer);
  }

  /**
   * Puts an anchored copy of one of this chain's events (same hash, receipt filled) in its place.
   *
   * @return false if the chain has no such event or it already carries that receipt
   */
  public boolean attachReceipt(Event anchored) {
    List<Event> events = chain.events();
    for (int i = events.size() - 1; i >= 0; i--) {
      Event event = events.get(i);
      if (event.hash().equals(anchored.hash())) {
        if (event.receipt().equals(anchored.receipt())) {
          return false;
        }
        List<Event> updated = new ArrayList<>(events);
        updated.set(i, event.withReceipt(anchored.receipt()));
        chain = new EventChain(chain.id(), updated, chain.identities(), chain.resources());
        return true;
      }
    }
    return false;
  }

  /** When the current state times out (Unix seconds), counted from the event that entered it. */
  public Optional<Long> dueDate() {
    return ProcessEngine.dueDate(process, enteredAt);
  }

  private void append(String json) {
    append(json, signer);
  }

  private void append(String json, KeyPair key) {
    chain = chain.with(sign(json, key));
  }

  private Event sign(String json, KeyPair key) {
    return Event.sign(
        null,
        json.getBytes(StandardCharsets.UTF_8),
        Math.floorDiv(clock.millis(), 1000L),
        chain.latestHash(),
        key);
  }

  /**
   * Continues a process from a chain (for example one received from another party): the chain is
   * verified and replayed, and later responses are signed by {@code signer}.
   */
  public static ProcessChain resume(EventChain chain, KeyPair signer, Clock clock) {
    return new ProcessChain(chain, signer, clock, true);
  }

  /**
   * Like {@link #resume}, for a chain the caller has verified already (a party's node verifies
   * every copy it takes in): only links are checked, as in {@link #replayVerified}.
   */
  public static ProcessChain resumeVerified(EventChain chain, KeyPair signer, Clock clock) {
    return new ProcessChain(chain, signer, clock, false);
  }

  private ProcessChain(EventChain chain, KeyPair signer, Clock clock, boolean verify) {
    this.signer = signer;
    this.clock = clock;
    this.chain = chain;
    replayInto(chain, verify);
  }

  /** Rebuilds the process from a chain this class wrote; the chain must verify first. */
  public static Process replay(EventChain chain) {
    return new ProcessChain(chain, null, null, true).process;
  }

  /**
   * Rebuilds the process from a chain that was verified when it was stored (this node's own {@code
   * EventChainStore} keeps only chains that verify): hashes and signatures are not checked again,
   * only the link of each event to the one before. This is what a node runs at start-up.
   */
  public static Process replayVerified(EventChain chain) {
    return new ProcessChain(chain, null, null, false).process;
  }

  private void replayInto(EventChain chain, boolean verify) {
    List<ChainProblem> problems =
        verify ? EventChainVerifier.verify(chain) : EventChainVerifier.links(chain);
    if (!problems.isEmpty()) {
      throw new SteleException("workflow.chain_invalid", problems.getFirst().toString());
    }
    if (chain.events().isEmpty()) {
      throw new SteleException("workflow.chain_invalid", "the chain has no scenario event");
    }
    Scenario scenario = ScenarioLoader.fromJson(chain.events().getFirst().bodyJson());
    process = ProcessEngine.start(scenario);
    enteredAt = chain.events().getFirst().timestamp();
    for (int i = 1; i < chain.events().size(); i++) {
      Event event = chain.events().get(i);
      JsonNode body = event.bodyJson();
      String schema = body.path("$schema").asText();
      if (Identity.SCHEMA.equals(schema)) {
        continue; // parties joining change who may sign, not the process
      }
      Process next;
      try {
        next = replayOne(event, body, schema);
      } catch (SteleException e) {
        throw new SteleException(e.code(), "event " + i + ": " + e.getMessage(), e);
      }
      if (moved(process, next)) {
        enteredAt = event.timestamp();
      }
      process = next;
    }
  }

  private Process replayOne(Event event, JsonNode body, String schema) {
    if (ProcessEvents.handles(schema)) {
      // A proposal keeps the id it was first signed with, so answers still find it once rebased.
      String id = event.original() == null ? event.hash() : event.original().hash();
      return ProcessEvents.apply(process, body, id, event.timestamp());
    }
    if (!RESPONSE_SCHEMA.equals(schema)) {
      throw new SteleException("workflow.chain_invalid", "the event is not a process event");
    }
    if (ProcessEngine.TIMEOUT.equals(body.path("action").asText())) {
      checkTimeoutSigner(event.original() == null ? event.signkey() : event.original().signkey());
      checkDue(event.timestamp()); // a time-out recorded before it was due is refused
      return ProcessEngine.timeout(process);
    }
    return ProcessEngine.respond(
        process,
        new ResponseInput(
            body.path("actor").asText(),
            body.path("action").asText(),
            body.path("key").asText(),
            body.get("data")));
  }
}

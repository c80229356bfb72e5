package io.stele.bench.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.Process;
import io.stele.workflow.process.ProcessChain;
import io.stele.workflow.process.ProcessEngine;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import io.stele.workflow.store.EventChainStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Load runs for Live Contracts over the handshake scenario (a conversation that loops, so chains of
 * any length stay valid). Usage: {@code WorkflowLoad <scenario file> [events] [processes]}.
 *
 * <ul>
 *   <li>respond and sign: the engine, then a new event signed and appended (the writing side);
 *   <li>validate and append: each event arrives as JSON bytes and is parsed, linked, hashed,
 *       signature-checked, its body parsed and applied by the engine (schema, JMESPath,
 *       transition);
 *   <li>apply: the engine alone over inputs already verified and decoded;
 *   <li>replay: {@link ProcessChain#replay} of the whole chain (verify then apply);
 *   <li>heap: live processes held at once, measured after GC.
 * </ul>
 */
public final class WorkflowLoad {
  private WorkflowLoad() {}

  public static void main(String[] args) {
    Path scenarioFile = Path.of(args[0]);
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int processes = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int chains = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Scenario scenario = ScenarioLoader.load(scenarioFile);

    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      conversation(scenario, events, 100 + round);
      System.out.printf(
          "%srespond+sign %,.0f events/s%n",
          round == 0 ? "warm-up " : "", rate(events, System.nanoTime() - t0));
    }
    ProcessChain run = conversation(scenario, events, 0);
    EventChain chain = run.chain();
    List<byte[]> wire = new ArrayList<>();
    chain.events().forEach(e -> wire.add(Json.write(e.toJson()).getBytes(StandardCharsets.UTF_8)));
    List<ResponseInput> inputs = new ArrayList<>();
    for (Event e : chain.events().subList(1, chain.events().size())) {
      JsonNode body = e.bodyJson();
      inputs.add(
          new ResponseInput(
              body.path("actor").asText(),
              body.path("action").asText(),
              body.path("key").asText(),
              body.get("data")));
    }

    for (int round = 0; round < 3; round++) {
      String tag = round == 0 ? "warm-up " : "";
      long t0 = System.nanoTime();
      Process received = receiveAll(scenario, chain.latestHash(), wire);
      long t1 = System.nanoTime();
      Process applied = applyAll(scenario, inputs);
      long t2 = System.nanoTime();
      Process replayed = ProcessChain.replay(chain);
      long t3 = System.nanoTime();
      check(received, applied, replayed, run.process());
      int n = inputs.size();
      System.out.printf(
          "%svalidate+append %,.0f events/s | apply %,.0f events/s | replay %,.0f events/s (%d"
              + " events)%n",
          tag, rate(n, t1 - t0), rate(n, t2 - t1), rate(n + 1, t3 - t2), n);
    }
    storeReplay(scenario, chain, chains);
    heap(scenario, processes);
  }

  /** A node's start-up: read the chain back from RocksDB and replay it without re-verifying. */
  private static void storeReplay(Scenario scenario, EventChain first, int chains) {
    Path dir;
    try {
      dir = Files.createTempDirectory("stele-workflow-load");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (EventChainStore store = EventChainStore.open(dir)) {
      List<ChainId> ids = new ArrayList<>();
      for (int c = 0; c < chains; c++) {
        EventChain chain =
            c == 0 ? first : conversation(scenario, first.events().size() - 1, c).chain();
        store.receive(chain);
        ids.add(ChainId.fromBase58(chain.id()));
      }
      for (int round = 0; round < 3; round++) {
        long read = 0;
        long replay = 0;
        int n = 0;
        for (ChainId id : ids) {
          long t0 = System.nanoTime();
          EventChain chain = store.get(id).orElseThrow();
          long t1 = System.nanoTime();
          ProcessChain.replayVerified(chain);
          replay += System.nanoTime() - t1;
          read += t1 - t0;
          n += chain.events().size();
        }
        System.out.printf(
            "%sstore of %d chains, %,d events: read %,.0f events/s, replay verified %,.0f"
                + " events/s, together %,.0f events/s%n",
            round == 0 ? "warm-up " : "",
            ids.size(),
            n,
            rate(n, read),
            rate(n, replay),
            rate(n, read + replay));
      }
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A handshake in which the parties elaborate until the chain has {@code events} responses. */
  static ProcessChain conversation(Scenario scenario, int events, int nonce) {
    ManualClock clock = new ManualClock(1_600_000_000_000L);
    byte[] chainNonce = new byte[20];
    chainNonce[0] = (byte) nonce;
    chainNonce[1] = (byte) (nonce >> 8);
    ProcessChain run =
        new ProcessChain(scenario, KeyPair.fromSeed(new byte[32]), chainNonce, clock);
    run.respond(new ResponseInput("initiator", "greet", null, null));
    run.respond(new ResponseInput("recipient", "reply", "not_good", null));
    for (int i = 2; i < events; i += 2) {
      clock.advance(1000);
      run.respond(new ResponseInput("initiator", "sympathize", null, null));
      run.respond(new ResponseInput("recipient", "elaborate", null, Json.NODES.numberNode(i)));
    }
    return run;
  }

  /** Everything a node does with events that arrive one by one from another party. */
  static Process receiveAll(Scenario scenario, String lastHash, List<byte[]> wire) {
    Process process = null;
    String previous = null;
    for (int i = 0; i < wire.size(); i++) {
      Event event = EventChain.eventFromJson(Json.parse(wire.get(i), 4 << 20, "event"), "event");
      if (previous != null && !previous.equals(event.previous())) {
        throw new SteleException("workflow.event_link", "event " + i);
      }
      if (!event.computedHash().equals(event.hash()) || !event.signatureValid()) {
        throw new SteleException("workflow.event_signature", "event " + i);
      }
      JsonNode body = event.bodyJson();
      process =
          i == 0
              ? ProcessEngine.start(scenario)
              : ProcessEngine.respond(
                  process,
                  new ResponseInput(
                      body.path("actor").asText(),
                      body.path("action").asText(),
                      body.path("key").asText(),
                      body.get("data")));
      previous = event.hash();
    }
    if (!lastHash.equals(previous)) {
      throw new IllegalStateException("did not end on the chain's last event");
    }
    return process;
  }

  static Process applyAll(Scenario scenario, List<ResponseInput> inputs) {
    Process process = ProcessEngine.start(scenario);
    for (ResponseInput input : inputs) {
      process = ProcessEngine.respond(process, input);
    }
    return process;
  }

  private static void heap(Scenario scenario, int count) {
    List<Process> live = new ArrayList<>(count);
    long before = usedAfterGc();
    for (int i = 0; i < count; i++) {
      Process p = ProcessEngine.start(scenario);
      p = ProcessEngine.respond(p, new ResponseInput("initiator", "greet", null, null));
      p = ProcessEngine.respond(p, new ResponseInput("recipient", "reply", "not_good", null));
      live.add(p);
    }
    long after = usedAfterGc();
    double perProcess = (double) (after - before) / count;
    System.out.printf(
        "heap: %,d live processes (3 steps each) take %,d bytes, %,.0f bytes each; 100,000 would"
            + " take %,.1f MiB%n",
        live.size(), after - before, perProcess, perProcess * 100_000 / (1 << 20));
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void check(Process... processes) {
    String expected = Json.write(processes[processes.length - 1].toJson());
    for (Process p : processes) {
      if (!Json.write(p.toJson()).equals(expected)) {
        throw new IllegalStateException("runs disagree on the final process");
      }
    }
  }

  private static double rate(int n, long nanos) {
    return n * 1e9 / nanos;
  }
}

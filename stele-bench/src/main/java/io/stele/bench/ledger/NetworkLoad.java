package io.stele.bench.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Load generator for a running network, over the nodes' HTTP APIs: funds {@code accounts} accounts
 * from a funded key, signs every transfer from them before the clock starts, then submits them,
 * each account always through the same node (so its nonces arrive in order), through {@code POST
 * /v1/transactions/batch}, spread over every node, and follows the final blocks of the first node
 * to time each transfer to finality. Two ways to offer the load:
 *
 * <ul>
 *   <li>{@link #run}: a fixed number as fast as the network takes them, in batches of {@value
 *       #BATCH} with at most {@value #MAX_IN_FLIGHT} not yet final; latency from submission;
 *   <li>{@link #sustained}: a fixed rate for a fixed time (open loop), each lane sending every
 *       {@value #PACE_MILLIS} ms what is due; latency from the time a transfer was due, so a
 *       network that falls behind shows it in its latency, per minute as well as overall.
 * </ul>
 *
 * Every node checks every signature (at admission or when it validates the block).
 */
public final class NetworkLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FUNDING = 100_000_000L; // 100,000 transfers with their fees
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int BATCH = 250; // transfers per batch submission
  private static final int MAX_IN_FLIGHT = 1_000; // closed loop: submitted, not yet final
  private static final long PACE_MILLIS = 20; // open loop: how often a lane sends what is due

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<URI> apis;
  private final Genesis genesis;
  private volatile String lastRefusal = "";

  private NetworkLoad(List<URI> apis, Genesis genesis) {
    this.apis = List.copyOf(apis);
    this.genesis = genesis;
  }

  /** Submits {@code transactions} transfers as fast as the network finalizes them. */
  public static ObjectNode run(
      List<URI> apis, Genesis genesis, KeyPair funded, int transactions, int accounts)
      throws Exception {
    return new NetworkLoad(apis, genesis).load(funded, transactions, accounts, 0, 0);
  }

  /**
   * Offers {@code rate} transfers per second for {@code warmup} seconds and then for {@code
   * seconds} seconds more, without a pause; the figures are of the transfers due after the warm-up
   * (JVMs that have just started compile for their first minute or so), the warm-up's apart.
   */
  public static ObjectNode sustained(
      List<URI> apis,
      Genesis genesis,
      KeyPair funded,
      int rate,
      int seconds,
      int warmup,
      int accounts)
      throws Exception {
    if ((long) rate * (seconds + warmup) > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("rate × seconds is too many transfers to sign ahead");
    }
    ObjectNode o =
        new NetworkLoad(apis, genesis)
            .load(funded, rate * (seconds + warmup), accounts, rate, warmup);
    o.put("offeredRate", rate);
    o.put("durationSeconds", seconds);
    o.put("warmupSeconds", warmup);
    return o;
  }

  /**
   * Signs and submits {@code count} transfers; {@code rate} 0 is closed loop, else open loop, with
   * the transfers due in the first {@code warmup} seconds measured apart.
   */
  private ObjectNode load(KeyPair funded, int count, int accounts, int rate, int warmup)
      throws Exception {
    byte chain = genesis.chainId();
    SeededRng rng = new SeededRng(2);
    List<KeyPair> users = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      users.add(KeyPair.generate(rng));
    }
    fund(funded, users);

    long now = System.currentTimeMillis();
    byte[][] signed = new byte[count][];
    String[] ids = new String[count];
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              int from = i % accounts;
              Transaction tx =
                  new TransactionBuilder(chain, genesis.parameters(), users.get(from))
                      .transfer(
                          Address.of(users.get((from + 1) % accounts).publicKey(), chain),
                          1,
                          i / accounts,
                          rate == 0 ? now : now + i * 1_000L / rate); // within the drift

              signed[i] = tx.encoded().toArray();
              ids[i] = tx.id().toBase58();
            });

    Map<String, Long> submittedAt = new ConcurrentHashMap<>(count * 2);
    Latencies latency = new Latencies();
    Latencies warming = new Latencies();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    long startHeight = finalHeight(apis.get(0));
    long start = System.nanoTime();
    int lanes = 2 * apis.size();
    List<Thread> threads = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      int l = lane;
      URI api = apis.get(l % apis.size());
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                      if (i % accounts % lanes == l) {
                        mine.add(i);
                      }
                    }
                    Submitter submitter =
                        new Submitter(api, signed, ids, submittedAt, refused, retries);
                    if (rate == 0) {
                      closedLoop(mine, submittedAt, submitter);
                    } else {
                      openLoop(mine, start, (double) rate / lanes, submitter);
                    }
                  }));
    }
    long measured = start + TimeUnit.SECONDS.toNanos(warmup);
    // Each witness's consensus counters when the warm-up ends, so that the rounds and timeouts of
    // the measured part can be told from the cold start's
    List<JsonNode> atWarmupEnd = new ArrayList<>();
    Thread snapshot =
        warmup == 0
            ? null
            : Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        TimeUnit.NANOSECONDS.sleep(measured - System.nanoTime());
                        for (URI api : apis) {
                          atWarmupEnd.add(get(api, "/v1/status").path("consensus"));
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException("status at the warm-up's end", e);
                      }
                    });
    long lastFinal =
        follow(measured, startHeight, submittedAt, warming, latency, threads, count, refused);
    double seconds = (lastFinal - measured) / 1e9;
    long done = latency.all.getTotalCount();
    ObjectNode o = JSON.createObjectNode();
    o.put("nodes", apis.size());
    o.put("transactions", count - warming.all.getTotalCount());
    o.put("accounts", accounts);
    o.put("final", done);
    o.put("refused", refused.get());
    o.put("mempoolFullRetries", retries.get());
    o.put("seconds", Math.round(seconds * 1000) / 1000.0);
    o.put("tps", seconds > 0 ? Math.round(done / seconds) : 0);
    figures(o, latency.all);
    if (warmup > 0) {
      ObjectNode w = o.putObject("warmup").put("final", warming.all.getTotalCount());
      figures(w, warming.all);
      snapshot.join();
      atWarmupEnd.forEach(w.putArray("consensusAtEnd")::add);
    }
    if (rate > 0) {
      ArrayNode minutes = o.putArray("minutes");
      for (int m = 0; m < latency.minutes.size(); m++) {
        Histogram h = latency.minutes.get(m);
        ObjectNode minute = minutes.addObject().put("minute", m + 1);
        minute.put("final", h.getTotalCount());
        double length = Math.min(60, seconds - 60.0 * m); // the last minute may be short
        minute.put("tps", length > 0 ? Math.round(h.getTotalCount() / length) : 0);
        figures(minute, h);
      }
    }
    o.put("finalHeight", finalHeight(apis.get(0)));
    o.put("lastRefusal", lastRefusal);
    o.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
    return o;
  }

  private static void figures(ObjectNode o, Histogram h) {
    o.put("p50Ms", Math.round(h.getValueAtPercentile(50) / 100.0) / 10.0);
    o.put("p99Ms", Math.round(h.getValueAtPercentile(99) / 100.0) / 10.0);
    o.put("maxMs", Math.round(h.getMaxValue() / 100.0) / 10.0);
  }

  /** Submit-to-final latencies in microseconds, overall and by the minute they became final. */
  private static final class Latencies {
    final Histogram all = histogram();
    final List<Histogram> minutes = new ArrayList<>();

    void record(long micros, long minute) {
      all.recordValue(micros);
      while (minutes.size() <= minute) {
        minutes.add(histogram());
      }
      minutes.get((int) minute).recordValue(micros);
    }

    private static Histogram histogram() {
      return new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    }
  }

  /** Batches of {@value #BATCH} with at most {@value #MAX_IN_FLIGHT} not yet final. */
  private static void closedLoop(
      List<Integer> mine, Map<String, Long> submittedAt, Submitter submitter) {
    for (int from = 0; from < mine.size(); from += BATCH) {
      List<Integer> batch = mine.subList(from, Math.min(mine.size(), from + BATCH));
      while (submittedAt.size() > MAX_IN_FLIGHT) {
        sleep(2); // the latency measured is the network's, not a queue of ours
      }
      long now = System.nanoTime();
      submitter.submit(batch, i -> now);
    }
  }

  /**
   * Transfer k of the lane is due at {@code start + k / perSecond}; every {@value #PACE_MILLIS} ms
   * the lane sends what is due (up to {@value #BATCH} per request), and its latency counts from
   * then.
   */
  private static void openLoop(
      List<Integer> mine, long start, double perSecond, Submitter submitter) {
    double nanosEach = 1e9 / perSecond;
    Map<Integer, Long> dueAt = new HashMap<>();
    for (int k = 0; k < mine.size(); k++) {
      dueAt.put(mine.get(k), start + (long) (k * nanosEach));
    }
    int next = 0;
    while (next < mine.size()) {
      long now = System.nanoTime();
      int due = next;
      while (due < mine.size() && due - next < BATCH && dueAt.get(mine.get(due)) <= now) {
        due++;
      }
      if (due == next) {
        sleep(PACE_MILLIS);
        continue;
      }
      submitter.submit(mine.subList(next, due), dueAt::get);
      next = due;
    }
  }

  /** Sends each account its funds from {@code funded}, through the first node, and waits. */
  private void fund(KeyPair funded, List<KeyPair> users) throws Exception {
    TransactionBuilder builder =
        new TransactionBuilder(genesis.chainId(), genesis.parameters(), funded);
    long nonce = get(apis.get(0), "/v1/accounts/" + builder.senderAddress()).path("nonce").asLong();
    AtomicInteger retries = new AtomicInteger();
    String last = null;
    for (KeyPair user : users) {
      Transaction tx =
          builder.transfer(
              Address.of(user.publicKey(), genesis.chainId()),
              FUNDING,
              nonce++,
              System.currentTimeMillis());
      int status = send(apis.get(0), tx.encoded().toArray(), retries);
      if (status != 202) {
        throw new IllegalStateException(
            "funding transfer " + tx.nonce() + " refused with HTTP " + status + ": " + lastRefusal);
      }
      last = tx.id().toBase58();
    }
    long deadline = System.currentTimeMillis() + 120_000;
    for (URI api : apis) {
      while (!get(api, "/v1/transactions/" + last).path("status").asText().equals("final")) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the funding transfers did not become final");
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Reads the first node's final blocks as they come and records each transfer's latency, and the
   * minute after {@code start} in which it became final (into {@code warming} if it was due before
   * {@code start}); returns the time the last one did.
   */
  private long follow(
      long start,
      long fromHeight,
      Map<String, Long> submittedAt,
      Latencies warming,
      Latencies latency,
      List<Thread> submitters,
      int count,
      AtomicInteger refused)
      throws Exception {
    long next = fromHeight + 1;
    long lastFinal = System.nanoTime();
    long idleSince = System.nanoTime();
    while (warming.all.getTotalCount() + latency.all.getTotalCount() + refused.get() < count) {
      long head = finalHeight(apis.get(0));
      long seen = System.nanoTime();
      for (; next <= head; next++) {
        for (JsonNode id : get(apis.get(0), "/v1/blocks/" + next).path("transactions")) {
          Long at = submittedAt.remove(id.asText());
          if (at != null) {
            (at < start ? warming : latency)
                .record(
                    Math.max(0, (seen - at) / 1_000), Math.max(0, seen - start) / 60_000_000_000L);
            lastFinal = seen;
            idleSince = seen;
          }
        }
      }
      boolean submitting = submitters.stream().anyMatch(Thread::isAlive);
      if (!submitting && System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(60)) {
        break; // what is left will not become final
      }
      Thread.sleep(20);
    }
    for (Thread t : submitters) {
      t.join();
    }
    return lastFinal;
  }

  /** One lane's submissions through one node's batch route. */
  private final class Submitter {
    private final URI api;
    private final byte[][] signed;
    private final String[] ids;
    private final Map<String, Long> submittedAt;
    private final AtomicInteger refused;
    private final AtomicInteger retries;

    Submitter(
        URI api,
        byte[][] signed,
        String[] ids,
        Map<String, Long> submittedAt,
        AtomicInteger refused,
        AtomicInteger retries) {
      this.api = api;
      this.signed = signed;
      this.ids = ids;
      this.submittedAt = submittedAt;
      this.refused = refused;
      this.retries = retries;
    }

    /**
     * Submits {@code batch} (indexes into {@code signed}) until every one is admitted or refused;
     * the part a full mempool stopped is sent again. Latency counts from {@code since(i)}.
     */
    void submit(List<Integer> batch, IntToLongFunction since) {
      int next = 0;
      while (next < batch.size()) {
        List<Integer> rest = batch.subList(next, batch.size());
        ByteWriter body = new ByteWriter();
        for (int i : rest) {
          body.bytes32(signed[i]);
          submittedAt.putIfAbsent(ids[i], since.applyAsLong(i));
        }
        JsonNode results = postBatch(api, body.toByteArray()).path("results");
        int answered = 0;
        boolean full = false;
        for (JsonNode result : results) {
          if (result.path("code").asText().equals("mempool.full")) {
            full = true;
            break;
          }
          if (!result.has("id")) {
            lastRefusal = result.toString();
            submittedAt.remove(ids[rest.get(answered)]);
            refused.incrementAndGet();
          }
          answered++;
        }
        if (answered == 0 && !full) {
          for (int i : rest) { // the node could not be reached or refused the whole request
            submittedAt.remove(ids[i]);
            refused.incrementAndGet();
          }
          return;
        }
        next += answered;
        if (full) {
          retries.incrementAndGet();
          sleep(5);
        }
      }
    }
  }

  private JsonNode postBatch(URI api, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve("/v1/transactions/batch"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        lastRefusal = new String(response.body(), StandardCharsets.UTF_8);
        return JSON.createObjectNode();
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      lastRefusal = "batch submission failed: " + e.getMessage();
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createObjectNode();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The final HTTP status of a submission (0 when the node could not be reached). */
  private int send(URI api, byte[] tx, AtomicInteger retries) {
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve("/v1/transactions"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(tx))
            .build();
    while (true) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status != 429) {
          if (status != 202) {
            lastRefusal = response.body();
          }
          return status;
        }
        retries.incrementAndGet();
        Thread.sleep(5);
      } catch (IOException e) {
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  private long finalHeight(URI api) throws Exception {
    return get(api, "/v1/status").path("finalHeight").asLong();
  }

  private JsonNode get(URI api, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(api.resolve(path)).timeout(TIMEOUT).GET().build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return response.statusCode() == 200
        ? JSON.readTree(response.body())
        : JSON.createObjectNode().put("httpStatus", response.statusCode());
  }
}

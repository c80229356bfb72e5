package io.stele.bench.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Load generator for a running network, over the nodes' HTTP APIs: funds {@code accounts} accounts
 * from a funded key, then submits pre-signed transfers from them, each account always through the
 * same node (so its nonces arrive in order), in batches of {@value #BATCH} through {@code POST
 * /v1/transactions/batch} with at most {@value #MAX_IN_FLIGHT} not yet final, spread over every
 * node, and follows the final blocks of the first node to time each transfer from submission to
 * finality. Every node checks every signature (at admission or when it validates the block).
 */
public final class NetworkLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FUNDING = 100_000_000L; // thousands of transfers with their fees
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int BATCH = 250; // transfers per batch submission
  private static final int MAX_IN_FLIGHT = 1_000; // submitted and not yet final, over all lanes

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

  /** Runs the load and returns its figures. */
  public static ObjectNode run(
      List<URI> apis, Genesis genesis, KeyPair funded, int transactions, int accounts)
      throws Exception {
    return new NetworkLoad(apis, genesis).load(funded, transactions, accounts);
  }

  private ObjectNode load(KeyPair funded, int count, int accounts) throws Exception {
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
                          now);
              signed[i] = tx.encoded().toArray();
              ids[i] = tx.id().toBase58();
            });

    Map<String, Long> submittedAt = new ConcurrentHashMap<>(count * 2);
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
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
                    for (int from = 0; from < mine.size(); from += BATCH) {
                      List<Integer> batch = mine.subList(from, Math.min(mine.size(), from + BATCH));
                      while (submittedAt.size() > MAX_IN_FLIGHT) {
                        sleep(2); // the latency measured is the network's, not a queue of ours
                      }
                      submitBatch(api, batch, signed, ids, submittedAt, refused, retries);
                    }
                  }));
    }
    long lastFinal = follow(startHeight, submittedAt, latency, threads, count, refused);
    double seconds = (lastFinal - start) / 1e9;
    long done = latency.getTotalCount();
    ObjectNode o = JSON.createObjectNode();
    o.put("nodes", apis.size());
    o.put("transactions", count);
    o.put("accounts", accounts);
    o.put("final", done);
    o.put("refused", refused.get());
    o.put("mempoolFullRetries", retries.get());
    o.put("seconds", Math.round(seconds * 1000) / 1000.0);
    o.put("tps", seconds > 0 ? Math.round(done / seconds) : 0);
    o.put("p50Ms", Math.round(latency.getValueAtPercentile(50) / 100.0) / 10.0);
    o.put("p99Ms", Math.round(latency.getValueAtPercentile(99) / 100.0) / 10.0);
    o.put("maxMs", Math.round(latency.getMaxValue() / 100.0) / 10.0);
    o.put("finalHeight", finalHeight(apis.get(0)));
    o.put("lastRefusal", lastRefusal);
    o.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
    return o;
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
   * Reads the first node's final blocks as they come and records each transfer's latency; returns
   * the time the last one became final.
   */
  private long follow(
      long fromHeight,
      Map<String, Long> submittedAt,
      Histogram latency,
      List<Thread> submitters,
      int count,
      AtomicInteger refused)
      throws Exception {
    long next = fromHeight + 1;
    long lastFinal = System.nanoTime();
    long idleSince = System.nanoTime();
    while (latency.getTotalCount() + refused.get() < count) {
      long head = finalHeight(apis.get(0));
      long seen = System.nanoTime();
      for (; next <= head; next++) {
        for (JsonNode id : get(apis.get(0), "/v1/blocks/" + next).path("transactions")) {
          Long at = submittedAt.remove(id.asText());
          if (at != null) {
            latency.recordValue(Math.max(0, (seen - at) / 1_000));
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

  /**
   * Submits {@code batch} (indexes into {@code signed}) through the batch route until every one is
   * admitted or refused; the part a full mempool stopped is sent again.
   */
  private void submitBatch(
      URI api,
      List<Integer> batch,
      byte[][] signed,
      String[] ids,
      Map<String, Long> submittedAt,
      AtomicInteger refused,
      AtomicInteger retries) {
    int next = 0;
    while (next < batch.size()) {
      List<Integer> rest = batch.subList(next, batch.size());
      ByteWriter body = new ByteWriter();
      long now = System.nanoTime();
      for (int i : rest) {
        body.bytes32(signed[i]);
        submittedAt.putIfAbsent(ids[i], now);
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

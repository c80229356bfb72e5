package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The public audit of the sealed exchange: runs {@link SealedAudit} over the batch directory
 * (chain, order, signatures, anchors, decryption), re-executes every opened batch from the
 * published starting state with {@link SealedExchange}, and compares each published outcome with
 * the re-execution. Throws a {@link SteleException} naming the first difference.
 */
public final class ExchangeAudit {
  private final BatchAnchorVerifier anchors;

  /** {@code anchors} may be null when batches are not anchored. */
  public ExchangeAudit(BatchAnchorVerifier anchors) {
    this.anchors = anchors;
  }

  /** Where the key service key the epochs were checked against came from. */
  public enum KeySource {
    /** The auditor gave it: the check does not rest on the operator's word. */
    AUDITOR,
    /** Only {@code exchange.json}, which the operator writes, named it. */
    MANIFEST,
    /** No key service key: the epochs' signatures were not checked. */
    NONE
  }

  /**
   * What was checked: the batches, how many were re-executed, the trades and final state; the
   * custody {@code exchange.json} states, and the key service key every epoch was checked against
   * (null when none was) with where it came from.
   */
  public record Report(
      AuditReport batches,
      long trades,
      Bytes stateHash,
      OutcomeArchive.Custody custody,
      PublicKey keyService,
      KeySource keySource) {}

  /** Checks the epochs against the key service {@code exchange.json} names, if it names one. */
  public Report audit(Path batches, Path keys) {
    return audit(batches, keys, null);
  }

  /**
   * Checks every epoch against {@code keyService} (null: the one {@code exchange.json} names, if
   * any); {@code audit.key_service} when {@code exchange.json} names another.
   */
  public Report audit(Path batches, Path keys, PublicKey keyService) {
    OutcomeArchive outcomes = new OutcomeArchive(batches);
    OutcomeArchive.Manifest manifest = outcomes.readManifest();
    if (keyService != null
        && manifest.keyService() != null
        && !manifest.keyService().equals(keyService)) {
      throw fail(
          "audit.key_service",
          "exchange.json names the key service "
              + manifest.keyService()
              + ", not "
              + keyService
              + " that the audit was given");
    }
    PublicKey key = keyService != null ? keyService : manifest.keyService();
    KeySource source =
        keyService != null ? KeySource.AUDITOR : key != null ? KeySource.MANIFEST : KeySource.NONE;
    AuditReport report =
        new SealedAudit(
                manifest.chainId(), manifest.batchesPerEpoch(), anchors, manifest.funder(), key)
            .audit(batches, keys);
    SealedExchange exchange = new SealedExchange(outcomes.readStart());
    long trades = 0;
    Bytes state = Bytes.wrap(exchange.engine().stateHash());
    for (OpenedBatch opened : report.opened()) {
      BatchOutcome expected = exchange.apply(opened);
      BatchOutcome published =
          outcomes
              .read(opened.sequence())
              .orElseThrow(
                  () ->
                      fail(
                          "audit.outcome_missing",
                          "batch "
                              + opened.sequence()
                              + " was opened but its outcome is not published"));
      compare(expected, published);
      trades += expected.trades().size() + expected.fills().size();
      state = expected.stateHash();
    }
    return new Report(report, trades, state, manifest.custody(), key, source);
  }

  private static void compare(BatchOutcome expected, BatchOutcome published) {
    long s = expected.sequence();
    if (published.sequence() != s || !published.batchHash().equals(expected.batchHash())) {
      throw fail("audit.outcome_batch", "the outcome of batch " + s + " names another batch");
    }
    compareResults(s, expected.results(), published.results());
    compareTrades(s, "trade", expected.trades(), published.trades());
    compareTrades(s, "auction fill", expected.fills(), published.fills());
    if (!published.stateHash().equals(expected.stateHash())) {
      throw fail(
          "audit.state_hash",
          "batch " + s + ": the published state hash is not the one re-execution gives");
    }
  }

  private static void compareResults(
      long s, List<BatchOutcome.Result> expected, List<BatchOutcome.Result> published) {
    int n = Math.min(expected.size(), published.size());
    for (int i = 0; i < n; i++) {
      BatchOutcome.Result e = expected.get(i);
      BatchOutcome.Result p = published.get(i);
      if (e.position() != p.position() || !e.code().equals(p.code())) {
        throw fail(
            "audit.order_result",
            "batch "
                + s
                + ", position "
                + e.position()
                + ": published result "
                + p.code()
                + " at position "
                + p.position()
                + ", re-execution gives "
                + e.code());
      }
    }
    if (expected.size() != published.size()) {
      throw fail(
          "audit.order_result",
          "batch "
              + s
              + ": "
              + published.size()
              + " results published for "
              + expected.size()
              + " opened orders");
    }
  }

  /** Trades and auction fills alike: the first difference is named with an audit.trade_* code. */
  private static <T> void compareTrades(long s, String noun, List<T> expected, List<T> published) {
    int first = 0;
    while (first < expected.size()
        && first < published.size()
        && expected.get(first).equals(published.get(first))) {
      first++;
    }
    if (first == expected.size() && first == published.size()) {
      return;
    }
    String where = "batch " + s + ", " + noun + " " + first + ": ";
    if (published.size() > expected.size()) {
      throw fail(
          "audit.trade_inserted",
          where + (noun.equals("trade") ? "a " : "an ") + noun + " that did not happen was added");
    }
    if (published.size() < expected.size()) {
      throw fail(
          "audit.trade_dropped",
          where + (noun.equals("trade") ? "a " : "an ") + noun + " that happened is missing");
    }
    if (counts(expected).equals(counts(published))) {
      throw fail("audit.trade_reordered", where + noun + "s are out of the order they happened");
    }
    throw fail(
        "audit.trade_altered", where + "the published " + noun + " differs from re-execution");
  }

  private static <T> Map<T, Integer> counts(List<T> trades) {
    Map<T, Integer> counts = new HashMap<>();
    trades.forEach(t -> counts.merge(Objects.requireNonNull(t), 1, Integer::sum));
    return counts;
  }

  private static SteleException fail(String code, String message) {
    return new SteleException(code, message);
  }
}

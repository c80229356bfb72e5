package io.stele.api.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.stele.api.ApiLimits;
import io.stele.api.Bodies;
import io.stele.api.EventStream;
import io.stele.api.Json;
import io.stele.api.RouteGroup;
import io.stele.api.Routes;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.error.SteleException;
import io.stele.ledger.node.LedgerNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ledger's routes under {@code /v1/}: queries, submission, anchoring, receipts, streams. */
public final class LedgerRoutes implements RouteGroup {
  private static final int DEFAULT_PAGE_SIZE = 20;

  /** Most transactions in one batch submission. */
  public static final int MAX_BATCH = 1_000;

  /** Deeper pages cost the node a walk past every skipped entry; nobody pages this far by hand. */
  private static final int MAX_PAGE = 100_000;

  private final LedgerNode node;
  private final ApiLimits limits;

  public LedgerRoutes(LedgerNode node, ApiLimits limits) {
    this.node = node;
    this.limits = limits;
  }

  @Override
  public String openApiPaths() {
    return "/io/stele/api/ledger/openapi-paths.json";
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v1/status", ctx -> ok(ctx, node.status()));
    routes.get("/v1/blocks/{block}", this::block);
    routes.get("/v1/transactions/{id}", this::transaction);
    routes.post("/v1/transactions", this::submit);
    routes.post("/v1/transactions/batch", this::submitBatch);
    routes.get("/v1/accounts/{address}", this::account);
    routes.post("/v1/anchors", this::anchor);
    routes.get("/v1/receipts/{hash}", this::receipt);
    routes.get("/v1/witnesses", ctx -> ok(ctx, node.witnesses()));
    routes.get("/v1/candidates", ctx -> ok(ctx, node.candidates()));
    routes.ws("/v1/streams/blocks", new EventStream("block", node::onFinalizedBlock));
    routes.ws("/v1/streams/receipts", new EventStream("receipt", node::onReceipt));
  }

  private void block(Context ctx) {
    String ref = ctx.pathParam("block");
    Optional<ObjectNode> block =
        Params.isHeight(ref)
            ? node.block(Params.height(ref))
            : node.block(Params.id(ref, "block hash"));
    found(ctx, block, "block " + ref);
  }

  private void transaction(Context ctx) {
    String id = ctx.pathParam("id");
    found(ctx, node.transaction(Params.id(id, "transaction id")), "transaction " + id);
  }

  private void account(Context ctx) {
    Address address = Address.fromBase58(ctx.pathParam("address"));
    int page = Params.boundedInt(ctx.queryParam("page"), "page", 0, 0, MAX_PAGE);
    int pageSize =
        Params.boundedInt(
            ctx.queryParam("pageSize"), "pageSize", DEFAULT_PAGE_SIZE, 1, limits.maxPageSize());
    ok(ctx, node.account(address, page, pageSize));
  }

  /** Accepts the encoded signed transaction raw, or as base58 in {"transaction": ...}. */
  private void submit(Context ctx) {
    byte[] body = Bodies.read(ctx, limits.maxRequestBytes());
    byte[] transaction =
        switch (Bodies.mediaType(ctx)) {
          case "application/octet-stream" -> body;
          case "application/json" -> {
            JsonNode text = Json.parse(body).path("transaction");
            if (!text.isTextual()) {
              throw new SteleException(
                  "api.malformed", "field 'transaction' must be a base58 string");
            }
            yield Bytes.fromBase58(text.asText(), limits.maxTransactionBytes()).toArray();
          }
          default ->
              throw new SteleException(
                  "api.unsupported_media_type",
                  "send application/json or application/octet-stream, not '"
                      + Bodies.mediaType(ctx)
                      + "'");
        };
    if (transaction.length > limits.maxTransactionBytes()) {
      throw new SteleException(
          "tx.too_large",
          "the transaction has "
              + transaction.length
              + " bytes; at most "
              + limits.maxTransactionBytes()
              + " are accepted");
    }
    ctx.status(202);
    write(ctx, node.submit(transaction));
  }

  /**
   * Body (octet-stream): up to {@link #MAX_BATCH} encoded signed transactions, each preceded by its
   * length as a big-endian u32. The framing is checked before anything is submitted; then each is
   * submitted in order as by {@code POST /v1/transactions}, stopping after the first that finds the
   * mempool full (the client sends that one and the rest again later).
   */
  private void submitBatch(Context ctx) {
    if (!Bodies.mediaType(ctx).equals("application/octet-stream")) {
      throw new SteleException(
          "api.unsupported_media_type",
          "send application/octet-stream, not '" + Bodies.mediaType(ctx) + "'");
    }
    ByteReader reader = new ByteReader(Bodies.read(ctx, limits.maxRequestBytes()));
    List<byte[]> transactions = new ArrayList<>();
    while (reader.remaining() > 0) {
      if (transactions.size() == MAX_BATCH) {
        throw new SteleException(
            "api.too_large", "more than " + MAX_BATCH + " transactions in one batch");
      }
      transactions.add(reader.bytes32(limits.maxTransactionBytes(), "transaction"));
    }
    if (transactions.isEmpty()) {
      throw new SteleException("api.malformed", "the batch holds no transaction");
    }
    ObjectNode answer = Json.object();
    ArrayNode results = answer.putArray("results");
    int admitted = 0;
    for (byte[] transaction : transactions) {
      try {
        results.add(node.submit(transaction));
        admitted++;
      } catch (SteleException refused) {
        results.add(Json.error(refused.code(), refused.getMessage()));
        if (refused.code().equals("mempool.full")) {
          break;
        }
      }
    }
    answer.put("admitted", admitted);
    ok(ctx, answer);
  }

  /** Body: {"hashes": [...], "encoding": "base58" (default) or "hex"}. */
  private void anchor(Context ctx) {
    JsonNode request = Json.parse(Bodies.read(ctx, limits.maxRequestBytes()));
    String encoding = request.path("encoding").asText("base58");
    JsonNode hashes = request.path("hashes");
    if (!hashes.isArray() || hashes.isEmpty()) {
      throw new SteleException("api.malformed", "field 'hashes' must be a non-empty list");
    }
    if (hashes.size() > limits.maxAnchorHashes()) {
      throw new SteleException(
          "anchor.too_large",
          hashes.size() + " hashes in one request; at most " + limits.maxAnchorHashes());
    }
    List<Bytes> parsed = new ArrayList<>(hashes.size());
    for (JsonNode hash : hashes) {
      if (!hash.isTextual()) {
        throw new SteleException("api.malformed", "every entry of 'hashes' must be a string");
      }
      parsed.add(Params.hash(hash.asText(), encoding));
    }
    ctx.status(202);
    write(ctx, node.anchor(parsed));
  }

  private void receipt(Context ctx) {
    String encoding = Optional.ofNullable(ctx.queryParam("encoding")).orElse("base58");
    Bytes hash = Params.hash(ctx.pathParam("hash"), encoding);
    found(ctx, node.receipt(hash), "receipt for " + ctx.pathParam("hash"));
  }

  private static void found(Context ctx, Optional<ObjectNode> value, String what) {
    ok(ctx, value.orElseThrow(() -> new SteleException("api.not_found", "unknown " + what)));
  }

  private static void ok(Context ctx, ObjectNode value) {
    ctx.status(200);
    write(ctx, value);
  }

  private static void write(Context ctx, ObjectNode value) {
    ctx.contentType("application/json").result(Json.write(value));
  }
}

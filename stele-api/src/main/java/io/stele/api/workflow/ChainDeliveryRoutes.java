package io.stele.api.workflow;

import io.javalin.http.Context;
import io.stele.api.ApiLimits;
import io.stele.api.Bodies;
import io.stele.api.Json;
import io.stele.api.RouteGroup;
import io.stele.api.Routes;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.distribution.ChainPage;
import io.stele.workflow.distribution.PartyNode;

/**
 * {@code POST /v1/workflow/chains}: where other parties' nodes push their copy of a chain this node
 * takes part in, whole or a page at a time ({@code from}, {@code last}). Each page goes to {@link
 * PartyNode#receive(ChainPage)}, which verifies it and stores, merges, holds or ignores it; a
 * refused page changes nothing. The answer is {@code {chain, outcome, common}}, {@code common} the
 * number of leading events of the sender's copy this node holds. {@code GET /v1/workflow/forks}
 * lists the forks it was sent and cannot decide until their first differing events are anchored.
 */
public final class ChainDeliveryRoutes implements RouteGroup {
  private final PartyNode party;
  private final ApiLimits limits;

  public ChainDeliveryRoutes(PartyNode party, ApiLimits limits) {
    this.party = party;
    this.limits = limits;
  }

  @Override
  public String openApiPaths() {
    return "/io/stele/api/workflow/openapi-delivery.json";
  }

  @Override
  public void register(Routes routes) {
    routes.post("/v1/workflow/chains", WorkflowErrors.guarded(this::receive));
    routes.get("/v1/workflow/forks", WorkflowErrors.guarded(this::forks));
  }

  /** {@code {"forks": [{chain, common, ours, theirs}]}}: forks this node could not decide yet. */
  private void forks(Context ctx) {
    var list = io.stele.workflow.json.Json.NODES.arrayNode();
    party.unresolvedForks().forEach(f -> list.add(f.toJson()));
    ctx.status(200).contentType("application/json");
    ctx.result(io.stele.workflow.json.Json.write(Json.object().set("forks", list)));
  }

  private void receive(Context ctx) {
    String type = Bodies.mediaType(ctx);
    if (!type.isEmpty() && !type.equals("application/json")) {
      throw new SteleException(
          "api.unsupported_media_type", "send the chain as application/json, not '" + type + "'");
    }
    int max = (int) Math.min(EventChain.MAX_FILE_BYTES, limits.maxRequestBytes());
    ChainPage page =
        ChainPage.fromJson(io.stele.workflow.json.Json.parse(Bodies.read(ctx, max), max, "chain"));
    PartyNode.Received received = party.receive(page);
    ctx.status(200).contentType("application/json");
    ctx.result(
        Json.write(
            Json.object()
                .put("chain", page.id())
                .put("outcome", received.outcome().name())
                .put("common", received.common())));
  }
}

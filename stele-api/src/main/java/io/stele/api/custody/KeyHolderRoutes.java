package io.stele.api.custody;

import io.javalin.http.Context;
import io.stele.api.Bodies;
import io.stele.api.Json;
import io.stele.api.RouteGroup;
import io.stele.api.Routes;
import io.stele.core.error.SteleException;
import io.stele.exchange.sealed.KeyHolderService;
import io.stele.exchange.sealed.KeyShare;
import io.stele.exchange.sealed.ShareDelivery;

/**
 * A key holder's routes (docs/api.md#key-custody): the key service delivers shares to it, anyone
 * may read its agreement key, and the venue collects its released share once the epoch has closed.
 */
public final class KeyHolderRoutes implements RouteGroup {
  private final KeyHolderService holder;

  public KeyHolderRoutes(KeyHolderService holder) {
    this.holder = holder;
  }

  @Override
  public void register(Routes routes) {
    routes.get(
        "/v1/keyholder/key",
        ctx -> ok(ctx, Json.object().put("agreementKey", holder.agreementKey().toBase58())));
    routes.post("/v1/keyholder/shares", this::accept);
    routes.get("/v1/keyholder/epochs/{epoch}/share", this::release);
  }

  private void accept(Context ctx) {
    KeyHolderService.Kept kept = holder.accept(Bodies.read(ctx, ShareDelivery.MAX_LENGTH));
    ok(ctx, Json.object().put("epoch", kept.epoch()).put("index", kept.index()));
  }

  private void release(Context ctx) {
    long epoch = epoch(ctx);
    KeyShare share = holder.release(epoch);
    ok(
        ctx,
        Json.object()
            .put("epoch", epoch)
            .put("index", share.index())
            .put("value", share.value().toBase58()));
  }

  /** The {@code {epoch}} path parameter: a non-negative integer. */
  static long epoch(Context ctx) {
    String text = ctx.pathParam("epoch");
    try {
      long epoch = Long.parseLong(text);
      if (epoch >= 0) {
        return epoch;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new SteleException("api.malformed", "epoch must be a non-negative integer, not " + text);
  }

  static void ok(Context ctx, com.fasterxml.jackson.databind.node.ObjectNode body) {
    ctx.status(200).contentType("application/json").result(Json.write(body));
  }

  @Override
  public String openApiPaths() {
    return "/io/stele/api/custody/openapi-keyholder.json";
  }
}

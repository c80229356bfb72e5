package io.stele.api.custody;

import io.javalin.http.Context;
import io.stele.api.RouteGroup;
import io.stele.api.Routes;
import io.stele.core.error.SteleException;
import io.stele.exchange.sealed.KeyService;
import io.stele.exchange.sealed.SignedEpoch;

/**
 * The key service's routes (docs/api.md#key-custody): the venue asks it to deal an epoch (or gets
 * the one dealt before); anyone may read an epoch already dealt. Both answer the {@link
 * SignedEpoch}'s bytes.
 */
public final class KeyServiceRoutes implements RouteGroup {
  private final KeyService service;

  public KeyServiceRoutes(KeyService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes.post(
        "/v1/keyservice/epochs/{epoch}",
        ctx -> signed(ctx, service.announce(KeyHolderRoutes.epoch(ctx))));
    routes.get(
        "/v1/keyservice/epochs/{epoch}",
        ctx -> {
          long epoch = KeyHolderRoutes.epoch(ctx);
          signed(
              ctx,
              service
                  .announced(epoch)
                  .orElseThrow(
                      () ->
                          new SteleException(
                              "keyservice.not_found", "epoch " + epoch + " is not dealt yet")));
        });
  }

  private static void signed(Context ctx, SignedEpoch epoch) {
    ctx.status(200).contentType("application/octet-stream").result(epoch.encoded().toArray());
  }

  @Override
  public String openApiPaths() {
    return "/io/stele/api/custody/openapi-keyservice.json";
  }
}

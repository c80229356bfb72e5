package io.stele.api.ledger;

import io.stele.api.Json;
import io.stele.api.RouteGroup;
import io.stele.api.Routes;
import io.stele.ledger.genesis.Genesis;

/**
 * {@code GET /v1/genesis}: the genesis the node runs, in the genesis file format, so clients can
 * learn the chain id and fees. A verifier must not trust it: it checks receipts against a genesis
 * file it obtained on its own.
 */
public final class GenesisRoutes implements RouteGroup {
  private final String genesisJson;

  public GenesisRoutes(Genesis genesis) {
    this.genesisJson = Json.write(genesis.toJson());
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v1/genesis", ctx -> ctx.contentType("application/json").result(genesisJson));
  }

  @Override
  public String openApiPaths() {
    return "/io/stele/api/ledger/openapi-genesis.json";
  }
}

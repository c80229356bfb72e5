package io.stele.api;

/**
 * One family of routes (ledger, workflow, exchange, ...) that plugs into the {@link ApiServer}.
 * Each group registers its handlers and names the OpenAPI fragment that documents them, so the
 * published document always covers exactly the routes that are served.
 */
public interface RouteGroup {

  /** Adds this group's routes. */
  void register(Routes routes);

  /**
   * Classpath resource (absolute, e.g. {@code /io/stele/api/ledger/openapi-paths.json}) holding a
   * JSON object whose fields are OpenAPI path items, keyed by path.
   */
  String openApiPaths();
}

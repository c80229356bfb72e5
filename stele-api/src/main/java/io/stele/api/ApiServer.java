package io.stele.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.util.JavalinBindException;
import io.stele.core.error.SteleException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket server: route groups plugged into one Javalin instance, one error format
 * ({@code {"code": ..., "message": ...}}) for every failure, request size limits, and the OpenAPI
 * document at {@code /openapi.json} assembled from the groups' fragments.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String OPENAPI_PATH = "/openapi.json";
  private static final Map<Integer, String> HTTP_CODES =
      Map.of(
          400, "api.malformed",
          404, "api.not_found",
          413, "api.too_large",
          415, "api.unsupported_media_type");

  private final Javalin app;
  private final List<Routes.Route> routes;
  private final ObjectNode openApi;

  public ApiServer(ApiLimits limits, List<RouteGroup> groups) {
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = limits.maxRequestBytes();
              config.startupWatcherEnabled = false;
              JsonErrorHandler errors = new JsonErrorHandler();
              config.jetty.modifyServer(server -> server.setErrorHandler(errors));
              config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            });
    app.before(ctx -> refuseOversized(ctx, limits.maxRequestBytes()));
    app.exception(SteleException.class, (e, ctx) -> fail(ctx, e.code(), e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> httpFailure(ctx, e.getStatus()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
          fail(ctx, "api.internal", "internal error; the node's log has the details");
        });

    Routes registry = new Routes(app);
    ObjectNode paths = Json.object();
    for (RouteGroup group : groups) {
      group.register(registry);
      paths.setAll(Json.readResource(group.openApiPaths()));
    }
    this.openApi = Json.readResource("/io/stele/api/openapi-base.json");
    openApi.set("paths", paths);
    String document = Json.write(openApi);
    app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(document));
    this.routes = registry.registered();
  }

  /**
   * Starts listening; port 0 picks a free port, which {@link #port()} then tells.
   *
   * @throws SteleException {@code api.port_in_use} when another process holds the port
   */
  public ApiServer start(String host, int port) {
    try {
      app.start(host, port);
    } catch (JavalinBindException e) {
      throw new SteleException(
          "api.port_in_use",
          host + ":" + port + " is in use by another process; choose another port",
          e);
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Every route the groups registered, for checking against the OpenAPI document. */
  public List<Routes.Route> routes() {
    return routes;
  }

  public ObjectNode openApi() {
    return openApi.deepCopy();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static void refuseOversized(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw new SteleException(
          "api.too_large",
          "the request body has " + declared + " bytes; at most " + maxBytes + " are accepted");
    }
  }

  private static void httpFailure(Context ctx, int status) {
    String code =
        HTTP_CODES.getOrDefault(status, status >= 500 ? "api.internal" : "api.bad_request");
    String message = status == 404 ? "no such route: " + ctx.path() : "HTTP status " + status;
    ctx.status(status).contentType("application/json");
    ctx.result(Json.write(Json.error(code, message)));
  }

  static void fail(Context ctx, String code, String message) {
    ctx.status(ErrorStatus.of(code)).contentType("application/json");
    ctx.result(Json.write(Json.error(code, message)));
  }
}

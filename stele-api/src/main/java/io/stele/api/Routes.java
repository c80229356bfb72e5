package io.stele.api;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Registers handlers on the server and remembers each (method, path), so the server can check its
 * OpenAPI document against what it actually serves. Paths use {@code {name}} parameters, which is
 * the syntax of both Javalin and OpenAPI.
 */
public final class Routes {

  /** A served route; WebSocket upgrades are listed with method {@code get}. */
  public record Route(String method, String path) {}

  private final Javalin app;
  private final List<Route> registered = new ArrayList<>();

  Routes(Javalin app) {
    this.app = app;
  }

  public void get(String path, Handler handler) {
    registered.add(new Route("get", path));
    app.get(path, handler);
  }

  public void post(String path, Handler handler) {
    registered.add(new Route("post", path));
    app.post(path, handler);
  }

  public void ws(String path, Consumer<WsConfig> config) {
    registered.add(new Route("get", path));
    app.ws(path, config);
  }

  List<Route> registered() {
    return List.copyOf(registered);
  }
}

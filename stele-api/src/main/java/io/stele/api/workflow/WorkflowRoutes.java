package io.stele.api.workflow;

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
import io.stele.core.error.SteleException;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.anchor.ReceiptCheck;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live Contracts under {@code /v1/workflow/}: scenarios, processes, actions, chains, diagrams and a
 * WebSocket feed of process changes, all over one {@link WorkflowService}.
 */
public final class WorkflowRoutes implements RouteGroup {
  /** The most identities one process may be started with; LTO processes have a handful. */
  static final int MAX_IDENTITIES = 100;

  private final WorkflowService workflows;
  private final ReceiptCheck receipts;
  private final ApiLimits limits;
  private final ProcessFeed feed;

  /** {@code receipts} judges the anchoring receipts of events when a chain is verified. */
  public WorkflowRoutes(WorkflowService workflows, ReceiptCheck receipts, ApiLimits limits) {
    this.workflows = workflows;
    this.receipts = receipts;
    this.limits = limits;
    this.feed = new ProcessFeed(workflows);
  }

  @Override
  public String openApiPaths() {
    return "/io/stele/api/workflow/openapi-paths.json";
  }

  @Override
  public void register(Routes routes) {
    String base = "/v1/workflow";
    routes.get(base + "/scenarios", WorkflowErrors.guarded(this::scenarios));
    routes.post(base + "/scenarios", WorkflowErrors.guarded(this::addScenario));
    routes.get(base + "/scenarios/{scenario}", WorkflowErrors.guarded(this::scenario));
    routes.get(base + "/processes", WorkflowErrors.guarded(this::processes));
    routes.post(base + "/processes", WorkflowErrors.guarded(this::start));
    routes.get(base + "/processes/{process}", WorkflowErrors.guarded(this::state));
    routes.post(base + "/processes/{process}/actions", WorkflowErrors.guarded(this::perform));
    routes.post(base + "/processes/{process}/comments", WorkflowErrors.guarded(this::comment));
    routes.post(base + "/processes/{process}/deviations", WorkflowErrors.guarded(this::deviate));
    routes.post(base + "/processes/{process}/updates", WorkflowErrors.guarded(this::update));
    routes.post(
        base + "/processes/{process}/proposals/{proposal}/answers",
        WorkflowErrors.guarded(this::answer));
    routes.post(
        base + "/processes/{process}/subprocesses", WorkflowErrors.guarded(this::subprocess));
    routes.get(base + "/processes/{process}/events", WorkflowErrors.guarded(this::events));
    routes.get(base + "/processes/{process}/chain", WorkflowErrors.guarded(this::chain));
    routes.get(
        base + "/processes/{process}/verification", WorkflowErrors.guarded(this::verification));
    routes.get(base + "/processes/{process}/identities", WorkflowErrors.guarded(this::identities));
    routes.get(base + "/processes/{process}/diagram", WorkflowErrors.guarded(this::diagram));
    routes.ws("/v1/streams/processes", new EventStream("process", feed::subscribe));
  }

  private void scenarios(Context ctx) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    workflows
        .scenarios()
        .forEach((id, title) -> list.add(Json.object().put("id", id).put("title", title)));
    ObjectNode body = Json.object();
    body.set("scenarios", list);
    ok(ctx, 200, body);
  }

  /** JSON by default; YAML when the body is sent as {@code application/yaml} or a variant. */
  private void addScenario(Context ctx) {
    byte[] body = Bodies.read(ctx, Math.min(limits.maxRequestBytes(), ScenarioLoader.MAX_BYTES));
    String type = Bodies.mediaType(ctx);
    JsonNode json =
        switch (type) {
          case "", "application/json" ->
              io.stele.workflow.json.Json.parse(body, ScenarioLoader.MAX_BYTES, "scenario");
          case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" ->
              io.stele.workflow.json.Json.parseYaml(body, ScenarioLoader.MAX_BYTES, "scenario");
          default ->
              throw new SteleException(
                  "api.unsupported_media_type",
                  "send a scenario as application/json or application/yaml, not '" + type + "'");
        };
    String id = workflows.addScenario(json);
    ok(ctx, 201, Json.object().put("id", id).put("title", workflows.scenario(id).title()));
  }

  private void scenario(Context ctx) {
    Scenario scenario = workflows.scenario(ctx.pathParam("scenario"));
    ok(ctx, 200, (ObjectNode) scenario.source());
  }

  private void processes(Context ctx) {
    ArrayNode ids = Json.MAPPER.createArrayNode();
    workflows.processes().forEach(ids::add);
    ObjectNode body = Json.object();
    body.set("processes", ids);
    ok(ctx, 200, body);
  }

  /** Body: {@code {"scenario": id, "identities": [identity, ...]}}. */
  private void start(Context ctx) {
    JsonNode request = request(ctx);
    String scenario = text(request, "scenario", true);
    JsonNode list = request.path("identities");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new SteleException("api.malformed", "field 'identities' must be a list");
    }
    if (list.size() > MAX_IDENTITIES) {
      throw new SteleException(
          "workflow.too_large",
          list.size() + " identities; a process is started with at most " + MAX_IDENTITIES);
    }
    List<Identity> identities = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      identities.add(Identity.fromJson(list.get(i), "identities." + i));
    }
    String id = workflows.start(scenario, identities);
    ok(ctx, 201, workflows.state(id, null));
  }

  private void state(Context ctx) {
    ok(ctx, 200, workflows.state(ctx.pathParam("process"), ctx.queryParam("actor")));
  }

  /** Body: {@code {"identity", "actor", "action", "response" (optional), "data" (optional)}}. */
  private void perform(Context ctx) {
    JsonNode request = request(ctx);
    JsonNode data = request.get("data");
    ObjectNode state =
        workflows.perform(
            ctx.pathParam("process"),
            text(request, "identity", true),
            text(request, "actor", true),
            text(request, "action", true),
            text(request, "response", false),
            data == null || data.isNull() ? null : data);
    ok(ctx, 200, state);
  }

  /** Body: {@code {"identity", "actor", "message"}}. */
  private void comment(Context ctx) {
    JsonNode request = request(ctx);
    String actor = text(request, "actor", true);
    ObjectNode state =
        workflows.comment(
            ctx.pathParam("process"),
            text(request, "identity", true),
            actor,
            text(request, "message", true));
    ok(ctx, 201, state);
  }

  /** Body: {@code {"identity", "actor", "state", "reason" (optional)}}. */
  private void deviate(Context ctx) {
    JsonNode request = request(ctx);
    ok(
        ctx,
        201,
        workflows.proposeDeviation(
            ctx.pathParam("process"),
            text(request, "identity", true),
            text(request, "actor", true),
            text(request, "state", true),
            text(request, "reason", false)));
  }

  /**
   * Body: {@code {"identity", "actor", "scenario" (an id), "states" (optional: old key to new),
   * "reason" (optional)}}.
   */
  private void update(Context ctx) {
    JsonNode request = request(ctx);
    JsonNode states = request.path("states");
    Map<String, String> mapping = new LinkedHashMap<>();
    if (!states.isMissingNode() && !states.isNull()) {
      if (!states.isObject()) {
        throw new SteleException("api.malformed", "field 'states' must map state keys to keys");
      }
      states
          .fields()
          .forEachRemaining(e -> mapping.put(e.getKey(), text(states, e.getKey(), true)));
    }
    ok(
        ctx,
        201,
        workflows.proposeUpdate(
            ctx.pathParam("process"),
            text(request, "identity", true),
            text(request, "actor", true),
            text(request, "scenario", true),
            mapping,
            text(request, "reason", false)));
  }

  /** Body: {@code {"identity", "actor", "accept": true | false}}. */
  private void answer(Context ctx) {
    JsonNode request = request(ctx);
    JsonNode accept = request.get("accept");
    if (accept == null || !accept.isBoolean()) {
      throw new SteleException("api.malformed", "field 'accept' must be true or false");
    }
    ok(
        ctx,
        201,
        workflows.answer(
            ctx.pathParam("process"),
            text(request, "identity", true),
            text(request, "actor", true),
            ctx.pathParam("proposal"),
            accept.booleanValue()));
  }

  /** Body: {@code {"identity", "actor", "action"}}; answers with the child process. */
  private void subprocess(Context ctx) {
    JsonNode request = request(ctx);
    String child =
        workflows.startSubprocess(
            ctx.pathParam("process"),
            text(request, "identity", true),
            text(request, "actor", true),
            text(request, "action", true));
    ok(ctx, 201, workflows.state(child, null));
  }

  private void events(Context ctx) {
    ArrayNode events = Json.MAPPER.createArrayNode();
    workflows.history(ctx.pathParam("process")).forEach(e -> events.add(e.toJson()));
    ObjectNode body = Json.object();
    body.set("events", events);
    ok(ctx, 200, body);
  }

  private void chain(Context ctx) {
    ok(ctx, 200, workflows.chain(ctx.pathParam("process")).toJson());
  }

  /** Every problem of the stored chain, receipts included; {@code valid} when there is none. */
  private void verification(Context ctx) {
    EventChain chain = workflows.chain(ctx.pathParam("process"));
    List<ChainProblem> problems = EventChainVerifier.verify(chain, receipts);
    ObjectNode body = Json.object().put("process", chain.id()).put("valid", problems.isEmpty());
    body.put("events", chain.events().size());
    body.put("anchored", chain.events().stream().filter(e -> !e.receipt().isNull()).count());
    ArrayNode list = body.putArray("problems");
    for (ChainProblem p : problems) {
      list.addObject()
          .put("event", p.event())
          .put("field", p.field())
          .put("code", p.code())
          .put("message", p.message());
    }
    ok(ctx, 200, body);
  }

  private void identities(Context ctx) {
    ObjectNode identities = Json.object();
    workflows
        .identities(ctx.pathParam("process"))
        .forEach((id, i) -> identities.set(id, i.toJson()));
    ObjectNode body = Json.object();
    body.set("identities", identities);
    ok(ctx, 200, body);
  }

  private void diagram(Context ctx) {
    String process = ctx.pathParam("process");
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("mermaid");
    String diagram = workflows.diagram(process, format);
    ok(
        ctx,
        200,
        Json.object().put("process", process).put("format", format).put("diagram", diagram));
  }

  /** How many WebSocket clients follow the process feed. */
  int feedClients() {
    return feed.clients();
  }

  private JsonNode request(Context ctx) {
    String type = Bodies.mediaType(ctx);
    if (!type.isEmpty() && !type.equals("application/json")) {
      throw new SteleException(
          "api.unsupported_media_type", "send application/json, not '" + type + "'");
    }
    JsonNode request =
        io.stele.workflow.json.Json.parse(
            Bodies.read(ctx, limits.maxRequestBytes()),
            (int) Math.min(Integer.MAX_VALUE, limits.maxRequestBytes()),
            "request body");
    if (!request.isObject()) {
      throw new SteleException("api.malformed", "the request body must be a JSON object");
    }
    return request;
  }

  private static String text(JsonNode request, String field, boolean required) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new SteleException("api.malformed", "field '" + field + "' is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new SteleException("api.malformed", "field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  private static void ok(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }
}

package io.stele.api.workflow;

import io.javalin.http.Handler;
import io.stele.api.ErrorStatus;
import io.stele.api.Json;
import io.stele.core.error.SteleException;
import java.util.Map;

/**
 * Gives the workflow library's refusals their HTTP status: unknown scenarios and processes are 404
 * (as unknown blocks are), unreadable JSON 400, a page that follows events this node lacks 409,
 * everything else as {@link ErrorStatus} decides.
 */
final class WorkflowErrors {
  private static final Map<String, Integer> STATUS =
      Map.of(
          "workflow.unknown_process", 404,
          "workflow.unknown_scenario", 404,
          "workflow.bad_json", 400,
          "workflow.chain_gap", 409,
          "workflow.chain_format", 400);

  private WorkflowErrors() {}

  static Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (SteleException e) {
        ctx.status(STATUS.getOrDefault(e.code(), ErrorStatus.of(e.code())));
        ctx.contentType("application/json")
            .result(Json.write(Json.error(e.code(), e.getMessage())));
      }
    };
  }
}

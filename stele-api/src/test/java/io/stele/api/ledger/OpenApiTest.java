package io.stele.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import io.stele.api.Routes;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiTest {

  @Test
  void everyServedRouteIsDocumentedAndNothingElse() throws Exception {
    FakeLedgerNode node = new FakeLedgerNode();
    try (ApiServer server = allRoutes(node).start("127.0.0.1", 0)) {
      JsonNode served = Json.MAPPER.readTree(new ApiClient(server.port()).raw("/openapi.json"));
      assertThat(served.path("openapi").asText()).isEqualTo("3.1.0");

      Set<Routes.Route> documented = new HashSet<>();
      served
          .path("paths")
          .fields()
          .forEachRemaining(
              path ->
                  path.getValue()
                      .fieldNames()
                      .forEachRemaining(
                          method -> documented.add(new Routes.Route(method, path.getKey()))));
      List<Routes.Route> registered = new ArrayList<>(server.routes());
      assertThat(registered).isNotEmpty();
      assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    }
  }

  private static ApiServer allRoutes(FakeLedgerNode node) {
    Genesis genesis = Genesis.devnet((byte) 'T', 1, 0, new SeededRng(1)).genesis();
    return new ApiServer(
        ApiLimits.DEFAULT,
        List.of(new LedgerRoutes(node, ApiLimits.DEFAULT), new GenesisRoutes(genesis)));
  }

  @Test
  void genesisIsServedInTheGenesisFileFormat() throws Exception {
    Genesis genesis = Genesis.devnet((byte) 'T', 2, 1234, new SeededRng(7)).genesis();
    try (ApiServer server =
        new ApiServer(ApiLimits.DEFAULT, List.of(new GenesisRoutes(genesis)))
            .start("127.0.0.1", 0)) {
      JsonNode served = Json.MAPPER.readTree(new ApiClient(server.port()).raw("/v1/genesis"));
      assertThat(Genesis.fromJson(served).hash()).isEqualTo(genesis.hash());
    }
  }

  @Test
  void everyPathParameterIsDeclared() {
    JsonNode paths =
        new ApiServer(
                ApiLimits.DEFAULT,
                List.of(new LedgerRoutes(new FakeLedgerNode(), ApiLimits.DEFAULT)))
            .openApi()
            .path("paths");
    paths
        .fields()
        .forEachRemaining(
            path -> {
              Set<String> declared = new HashSet<>();
              path.getValue()
                  .elements()
                  .forEachRemaining(
                      operation ->
                          operation
                              .path("parameters")
                              .forEach(
                                  p -> {
                                    if (p.path("in").asText().equals("path")) {
                                      declared.add(p.path("name").asText());
                                    }
                                  }));
              Set<String> inPath = new HashSet<>();
              java.util.regex.Matcher m =
                  java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
              while (m.find()) {
                inPath.add(m.group(1));
              }
              assertThat(declared).as(path.getKey()).isEqualTo(inPath);
            });
  }
}

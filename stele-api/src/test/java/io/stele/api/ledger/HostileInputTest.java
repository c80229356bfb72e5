package io.stele.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever arrives from outside, the answer is a 4xx with the error shape, never a 500. */
class HostileInputTest {
  private static final FakeLedgerNode NODE = new FakeLedgerNode();
  private static ApiServer server;
  private static ApiClient client;

  @BeforeContainer
  static void start() {
    ApiLimits limits = new ApiLimits(4096, 1024, 10, 50);
    server = new ApiServer(limits, List.of(new LedgerRoutes(NODE, limits))).start("127.0.0.1", 0);
    client = new ApiClient(server.port());
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property(tries = 150)
  void anyAnchorBodyIsAnsweredWithoutInternalErrors(@ForAll String body) throws Exception {
    ApiClient.Reply reply = client.postJson("/v1/anchors", body);
    assertThat(reply.status()).isIn(202, 400, 413);
    if (reply.status() != 202) {
      assertThat(reply.code()).isNotEmpty();
      assertThat(reply.body().path("message").asText()).isNotEmpty();
    }
  }

  @Property(tries = 150)
  void anyTransactionJsonIsAnsweredWithoutInternalErrors(@ForAll String text) throws Exception {
    String body =
        "{\"transaction\":"
            + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text)
            + "}";
    ApiClient.Reply reply = client.postJson("/v1/transactions", body);
    assertThat(reply.status()).isIn(202, 400, 413);
  }

  @Property(tries = 150)
  void anyPathSegmentIsAnsweredWithoutInternalErrors(@ForAll String segment) throws Exception {
    String encoded = URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    for (String route :
        new String[] {"/v1/blocks/", "/v1/transactions/", "/v1/accounts/", "/v1/receipts/"}) {
      ApiClient.Reply reply = client.get(route + encoded);
      assertThat(reply.status()).as(route + encoded).isIn(200, 400, 404);
      assertThat(reply.body().has("code") || reply.status() == 200).isTrue();
    }
  }
}

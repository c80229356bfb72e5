package io.stele.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.exchange.sealed.EpochAnnouncement;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.node.cli.SteleCommand;
import io.stele.node.client.NodeClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the devnet tests do as a client of a sealed market: seal orders, audit the directory. */
public final class SealedClient {
  private SealedClient() {}

  /**
   * Seals {@code order} to the venue's current epoch and sends it; an epoch that closed in between
   * is fetched again, as any client does.
   */
  public static void seal(NodeClient venue, KeyPair key, Rng rng, OrderPayload order) {
    while (true) {
      OrderSealer sealer =
          new OrderSealer(key, announcement(venue.getObject("/v1/exchange/sealed/epoch")), rng, 0);
      try {
        JsonNode admitted =
            venue.postObject(
                "/v1/exchange/sealed/envelopes",
                "application/octet-stream",
                sealer.seal(order.encode()).bytes().toArray());
        assertThat(admitted.path("epoch").asLong()).isEqualTo(sealer.epoch().epoch());
        return;
      } catch (SteleException e) {
        assertThat(e.code()).isEqualTo("sealed.closed_epoch");
      }
    }
  }

  /** `stele verify exchange` over a published directory (its released keys in it too), as JSON. */
  public static JsonNode audit(Path sealed, Path genesis, String... options) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "exchange",
                "--batches",
                sealed.toString(),
                "--keys",
                sealed.toString(),
                "--genesis",
                genesis.toString(),
                "--json"));
    args.addAll(List.of(options));
    int code =
        SteleCommand.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    return new ObjectMapper().readTree(out.toString());
  }

  private static EpochAnnouncement announcement(JsonNode epoch) {
    List<Bytes> commitments = new ArrayList<>();
    epoch.path("shareCommitments").forEach(c -> commitments.add(Bytes.fromBase58(c.asText(), 32)));
    return new EpochAnnouncement(
        epoch.path("chainId").asInt(),
        epoch.path("epoch").asLong(),
        Bytes.fromBase58(epoch.path("publicKey").asText(), 32),
        epoch.path("threshold").asInt(),
        commitments);
  }
}

package io.stele.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import io.stele.node.exchange.ExchangeClient;
import io.stele.node.exchange.SealedClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default devnet, four witness processes, with the sealed market's key service on witness-2 and
 * its key holders on witnesses 2, 3 and 4: a sealed order placed on witness-1's venue is published,
 * anchored on the devnet ledger, checked by each holder against its own copy of the chain, opened
 * with two released shares and executed, and the venue's process never kept a share.
 */
class DevnetSealedCustodyProcessTest {
  private static final long WAIT_MILLIS = 90_000;

  @TempDir Path dir;

  @Test
  void aSealedOrderExecutesWithTheKeysHeldInOtherProcesses() throws Exception {
    Path data = dir.resolve("data");
    int port = Ports.free();
    int p2p = Ports.free();
    try (SteleProcess devnet =
        SteleProcess.start(
            dir,
            "devnet",
            "devnet",
            "--data",
            data.toString(),
            "--port",
            Integer.toString(port),
            "--p2p-port",
            Integer.toString(p2p))) {
      JsonNode nodes = Ports.awaitFile(data.resolve("devnet.json"), devnet).path("nodes");
      List<NodeClient> clients = new ArrayList<>();
      nodes.forEach(n -> clients.add(new NodeClient(URI.create(n.path("apiUrl").asText()))));
      NodeClient venue = clients.get(0);
      // the venue's node runs no key holder; witnesses 2 to 4 do
      assertThatThrownBy(() -> venue.getObject("/v1/keyholder/key"))
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("api.not_found");
      for (NodeClient holder : clients.subList(1, 4)) {
        assertThat(holder.getObject("/v1/keyholder/key").path("agreementKey").asText())
            .isNotEmpty();
      }

      SeededRng rng = new SeededRng(17);
      char[] passphrase = Passphrases.fromFile(data.resolve("passphrase"));
      KeyPair faucet = KeyFile.read(data.resolve("keys/faucet.key"), passphrase);
      KeyPair alice = KeyPair.generate(rng);
      KeyPair bob = KeyPair.generate(rng);
      ExchangeClient funding = new ExchangeClient(venue, faucet, new SystemClock(), rng);
      funding.sealedDeposit(alice.publicKey().bytes().toBase58(), "BTC", "1");
      funding.sealedDeposit(bob.publicKey().bytes().toBase58(), "USD", "100000");
      // GTC orders rest, so they cross whether they land in one batch or in two
      SealedClient.seal(venue, alice, rng, place(41, Side.SELL, 50_000_000));
      SealedClient.seal(venue, bob, rng, place(42, Side.BUY, 30_000_000));
      await(
          "the sealed orders trade",
          () -> venue.getObject("/v1/exchange/markets/BTC-USD/trades").path("trades").size() == 1,
          devnet);
      JsonNode trade = venue.getObject("/v1/exchange/markets/BTC-USD/trades").path("trades").get(0);
      assertThat(trade.path("size").asText()).isEqualTo("0.30000000");

      Path exchange = data.resolve("witness-1/chain-exchange");
      assertThat(exchange.resolve("key-holders")).doesNotExist();
      try (Stream<Path> published = Files.list(exchange.resolve("sealed"))) {
        assertThat(published.map(p -> p.getFileName().toString()))
            .anyMatch(n -> n.matches("epoch-[0-9]+-shares\\.json"));
      }
      try (Stream<Path> signed = Files.list(data.resolve("witness-2/chain-keyservice"))) {
        assertThat(signed.map(p -> p.getFileName().toString()))
            .isNotEmpty()
            .allMatch(n -> n.matches("epoch-[0-9]+\\.signed"));
      }

      // anyone can re-execute what the split-custody devnet published, against its genesis
      // and check that every epoch's key came from the key service (witness-2's key), not from the
      // operator
      KeyPair keyService = KeyFile.read(data.resolve("keys/witness-2.key"), passphrase);
      JsonNode audit =
          SealedClient.audit(
              exchange.resolve("sealed"),
              data.resolve("genesis.json"),
              "--key-service",
              keyService.publicKey().bytes().toBase58());
      assertThat(audit.path("valid").asBoolean()).isTrue();
      assertThat(audit.path("anchorsChecked").asBoolean()).isTrue();
      assertThat(audit.path("epochsChecked").asBoolean()).isTrue();
      assertThat(audit.path("keyServiceFrom").asText()).isEqualTo("--key-service");
    }
  }

  private static OrderPayload place(long id, Side side, long size) {
    return new OrderPayload.Place(
        id, 2, side, OrderType.LIMIT, TimeInForce.GTC, false, 3_000_000, size);
  }

  private static void await(String what, BooleanSupplier condition, SteleProcess devnet)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (SteleException notYet) {
        // a member still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not reached: " + what + devnet.logs());
  }
}

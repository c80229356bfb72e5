package io.stele.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.api.fix.FixCounterparty;
import io.stele.api.fix.FixSettings;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.VenueConfig;
import io.stele.node.config.NodeConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeSettingsTest {
  @TempDir Path dir;
  final KeyPair faucet = KeyPair.generate(new SeededRng(2));

  @Test
  void theDevnetSettingsReadBackAsTheTwoDemoMarkets() {
    Path file = dir.resolve("exchange.json");
    ExchangeSettings.write(file, ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 8180));
    VenueConfig config = ExchangeSettings.read(file, 'D');

    assertThat(config.chainId()).isEqualTo('D');
    assertThat(config.faucet()).contains(faucet.publicKey());
    MarketSpec stl = config.market(config.marketId("STL-USD"));
    // tick 0.01 USD (2 decimals) = 1 minor unit; lot 1 STL (8 decimals) = 10^8 minor units
    assertThat(stl.tickSize()).isEqualTo(1);
    assertThat(stl.lotSize()).isEqualTo(100_000_000);
    assertThat(stl.sealed()).isFalse();
    MarketSpec btc = config.market(config.marketId("BTC-USD"));
    assertThat(btc.tickSize()).isEqualTo(100);
    assertThat(btc.lotSize()).isEqualTo(1_000_000);
    assertThat(btc.sealed()).isTrue();
    assertThat(config.threshold()).isEqualTo(2);
    assertThat(config.keyHolders()).isEqualTo(3);
  }

  @Test
  void theDevnetFixSectionNamesTheFaucetAsCounterpartyOnItsExchangeAccount() {
    Path file = dir.resolve("exchange.json");
    ExchangeSettings.write(file, ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 8180));
    FixSettings fix = ExchangeSettings.readFix(file, 'D', dir).orElseThrow();

    assertThat(fix.compId()).isEqualTo("STELE");
    assertThat(fix.host()).isEqualTo("127.0.0.1");
    assertThat(fix.port()).isEqualTo(8180);
    assertThat(fix.chainId()).isEqualTo((byte) 'D');
    assertThat(fix.dataDir()).contains(dir);
    assertThat(fix.counterparties())
        .containsExactly(
            new FixCounterparty(
                "FAUCET", faucet.publicKey(), SealedExchange.accountOf(faucet.publicKey())));

    ObjectNode without = ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 8180);
    without.remove("fix");
    assertThat(ExchangeSettings.parseFix(without, 'D', dir)).isEmpty();
    ObjectNode extra = ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 8180);
    ((ObjectNode) extra.path("fix")).put("password", "x");
    assertThatThrownBy(() -> ExchangeSettings.parseFix(extra, 'D', dir))
        .hasFieldOrPropertyWithValue("code", "config.invalid")
        .hasMessageContaining("'password'");
    ObjectNode badPort = ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 70_000);
    assertThatThrownBy(() -> ExchangeSettings.parseFix(badPort, 'D', dir))
        .hasFieldOrPropertyWithValue("code", "fix.config");
  }

  @Test
  void unknownFieldsAndBadValuesAreRefused() {
    ObjectNode settings = ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 8180);
    ((ObjectNode) settings.path("markets").get(0)).put("fee", 5);
    assertThatThrownBy(() -> ExchangeSettings.parse(settings, 'D'))
        .hasFieldOrPropertyWithValue("code", "config.invalid")
        .hasMessageContaining("'fee'");
    ObjectNode precise = ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 8180);
    ((ObjectNode) precise.path("markets").get(0)).put("tick", "0.001");
    assertThatThrownBy(() -> ExchangeSettings.parse(precise, 'D'))
        .hasFieldOrPropertyWithValue("code", "amount.precision");
    ObjectNode mode = ExchangeSettings.devnet(faucet.publicKey(), "127.0.0.1", 8180);
    ((ObjectNode) mode.path("markets").get(1)).put("mode", "auction");
    assertThatThrownBy(() -> ExchangeSettings.parse(mode, 'D'))
        .hasMessageContaining("continuous or sealed");
  }

  @Test
  void aNodeConfigCarriesItsExchangeSettingsFile() {
    NodeConfig config =
        new NodeConfig(
                dir.resolve("chain"),
                dir.resolve("genesis.json"),
                dir.resolve("w.key"),
                Optional.empty(),
                "127.0.0.1",
                0)
            .withExchange(dir.resolve("exchange.json"));
    Path file = dir.resolve("node.json");
    config.write(file);
    assertThat(NodeConfig.read(file).exchange())
        .contains(dir.resolve("exchange.json").toAbsolutePath());
    NodeConfig without =
        new NodeConfig(
            dir.resolve("chain"),
            dir.resolve("genesis.json"),
            dir.resolve("w.key"),
            Optional.empty(),
            "127.0.0.1",
            0);
    without.write(file);
    assertThat(NodeConfig.read(file).exchange()).isEmpty();
  }
}

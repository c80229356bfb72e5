package io.stele.ledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.GenesisBlock;
import io.stele.ledger.consensus.ConsensusParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisTest {
  @TempDir Path dir;

  private final Genesis.Devnet devnet =
      Genesis.devnet((byte) 'S', 3, 1_700_000_000_000L, new SeededRng(5));

  @Test
  void writtenGenesisReadsBackEqualWithTheSameBlockHash() throws Exception {
    Path file = dir.resolve("genesis.json");
    devnet.genesis().write(file);
    Genesis read = Genesis.read(file);
    assertThat(read).isEqualTo(devnet.genesis());
    assertThat(GenesisBlock.hash(read)).isEqualTo(GenesisBlock.hash(devnet.genesis()));
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("chainId").asText()).isEqualTo("S");
    assertThat(json.get("balances").get(0).get("amount").isTextual()).isTrue();
    assertThat(json.get("witnesses")).hasSize(3);
    assertThat(devnet.witnessKeys()).hasSize(3);
  }

  @Test
  void differentParametersGiveADifferentGenesisHash() {
    Genesis g = devnet.genesis();
    Parameters p = g.parameters();
    Parameters slower =
        new Parameters(
            p.blockIntervalMs() + 1,
            p.fees(),
            p.candidateDeposit(),
            p.maxBlockTransactions(),
            p.maxAnchorsPerTransaction(),
            p.maxTransactionBytes(),
            p.maxTimestampDriftMs());
    Genesis other = new Genesis(g.chainId(), g.timestamp(), slower, g.balances(), g.witnesses());
    assertThat(GenesisBlock.hash(other)).isNotEqualTo(GenesisBlock.hash(g));
  }

  @Test
  void consensusParametersAreInTheFileAndTheHash() throws Exception {
    Genesis g = devnet.genesis();
    assertThat(g.parameters().consensus()).isEqualTo(ConsensusParameters.DEVNET);
    JsonNode c = g.toJson().get("parameters").get("consensus");
    assertThat(c.get("witnessCount").asInt()).isEqualTo(4);
    assertThat(c.get("termBlocks").asLong()).isEqualTo(100);
    assertThat(c.get("interimBlocks").asLong()).isEqualTo(10);
    assertThat(c.get("minBlockIntervalMs").asLong()).isEqualTo(200);
    assertThat(c.get("producerTimeoutMs").asLong()).isEqualTo(1000);
    assertThat(c.get("banBlocks").asLong()).isEqualTo(1000);
    ConsensusParameters longerTerms = new ConsensusParameters(4, 101, 10, 200, 1000, 1000);
    Genesis other =
        new Genesis(
            g.chainId(),
            g.timestamp(),
            g.parameters().withConsensus(longerTerms),
            g.balances(),
            g.witnesses());
    assertThat(other.hash()).isNotEqualTo(g.hash());
    assertThat(Genesis.fromJson(other.toJson())).isEqualTo(other);
  }

  @Test
  void theWitnessDepositIsInTheFileAndTheHashOnlyWhenSet() {
    Genesis g = devnet.genesis();
    assertThat(g.witnessDeposit()).isEqualTo(g.parameters().candidateDeposit());
    assertThat(g.toJson().get("witnessDeposit").asText())
        .isEqualTo(Long.toString(g.parameters().candidateDeposit()));
    assertThat(Genesis.fromJson(g.toJson())).isEqualTo(g);
    Genesis without =
        new Genesis(g.chainId(), g.timestamp(), g.parameters(), g.balances(), g.witnesses());
    assertThat(without.toJson().has("witnessDeposit")).isFalse();
    assertThat(without.hash()).isNotEqualTo(g.hash());
    assertThat(Genesis.fromJson(without.toJson()).witnessDeposit()).isZero();
  }

  @Test
  void aWitnessDepositBelowTheCandidateDepositOrTheBalanceIsRefused() {
    Genesis g = devnet.genesis();
    long min = g.parameters().candidateDeposit();
    for (long deposit : new long[] {-1, min - 1, Genesis.DEVNET_WITNESS_BALANCE + 1}) {
      assertThatThrownBy(
              () ->
                  new Genesis(
                      g.chainId(),
                      g.timestamp(),
                      g.parameters(),
                      g.balances(),
                      g.witnesses(),
                      deposit))
          .as("deposit %d", deposit)
          .isInstanceOf(SteleException.class)
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("genesis.witness_deposit");
    }
  }

  @Test
  void aSoloDevnetHoldsNoElections() {
    Genesis solo = Genesis.devnet((byte) 'S', 1, 0, new SeededRng(1)).genesis();
    assertThat(solo.parameters().consensus()).isEqualTo(ConsensusParameters.SOLO);
    assertThat(solo.parameters().consensus().termBlocks()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void badConsensusParametersAreRefused() {
    ObjectNode noConsensus = devnet.genesis().toJson();
    ((ObjectNode) noConsensus.get("parameters")).remove("consensus");
    rejects(noConsensus, "genesis.field");

    ObjectNode tooManySeats = devnet.genesis().toJson();
    consensus(tooManySeats).put("witnessCount", 22);
    rejects(tooManySeats, "consensus.parameters");

    ObjectNode hugeSeats = devnet.genesis().toJson();
    consensus(hugeSeats).put("witnessCount", 1L << 40);
    rejects(hugeSeats, "genesis.parameters");

    ObjectNode longInterim = devnet.genesis().toJson();
    consensus(longInterim).put("interimBlocks", 100);
    rejects(longInterim, "consensus.parameters");

    ObjectNode textTerm = devnet.genesis().toJson();
    consensus(textTerm).put("termBlocks", "100");
    rejects(textTerm, "genesis.field");

    ObjectNode noBan = devnet.genesis().toJson();
    consensus(noBan).remove("banBlocks");
    rejects(noBan, "genesis.field");

    assertThatThrownBy(() -> Genesis.devnet((byte) 'S', 22, 0, new SeededRng(1)))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("genesis.witnesses");
  }

  private static ObjectNode consensus(ObjectNode genesis) {
    return (ObjectNode) genesis.get("parameters").get("consensus");
  }

  private void rejects(ObjectNode json, String code) {
    assertThatThrownBy(() -> Genesis.fromJson(json))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  @Test
  void malformedFieldsAreRejectedWithCodes() {
    ObjectNode numericAmount = devnet.genesis().toJson();
    ((ObjectNode) numericAmount.get("balances").get(0)).put("amount", 5);
    rejects(numericAmount, "genesis.field");

    ObjectNode fractional = devnet.genesis().toJson();
    ((ObjectNode) fractional.get("balances").get(0)).put("amount", "1.5");
    rejects(fractional, "genesis.amount");

    ObjectNode twoChars = devnet.genesis().toJson();
    twoChars.put("chainId", "ST");
    rejects(twoChars, "genesis.chain_id");

    ObjectNode noWitnesses = devnet.genesis().toJson();
    noWitnesses.putArray("witnesses");
    rejects(noWitnesses, "genesis.witnesses");

    ObjectNode otherChain = devnet.genesis().toJson();
    otherChain.put("chainId", "X");
    rejects(otherChain, "address.chain");

    ObjectNode missing = devnet.genesis().toJson();
    missing.remove("parameters");
    rejects(missing, "genesis.field");

    ObjectNode tooFast = devnet.genesis().toJson();
    ((ObjectNode) tooFast.get("parameters")).put("blockIntervalMs", 1);
    rejects(tooFast, "genesis.parameters");
  }
}

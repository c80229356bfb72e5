package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.genesis.Genesis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String[] genesisNew(Path file, String... more) throws Exception {
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "correct horse\n");
    String[] base = {
      "genesis", "new", "--out", file.toString(), "--passphrase-file", passphrase.toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return args;
  }

  @Test
  void consensusOptionsGoIntoTheGenesisOverTheDefaults() throws Exception {
    Path file = dir.resolve("genesis.json");
    int exit = run(genesisNew(file, "--term-blocks", "50", "--witness-seats", "3"));
    assertThat(exit).as(err.toString()).isZero();
    ConsensusParameters solo = ConsensusParameters.SOLO;
    assertThat(Genesis.read(file).parameters().consensus())
        .isEqualTo(
            new ConsensusParameters(
                3,
                50,
                solo.interimBlocks(),
                solo.minBlockIntervalMs(),
                solo.producerTimeoutMs(),
                solo.banBlocks()));
  }

  @Test
  void withoutOptionsOneWitnessHoldsNoElections() throws Exception {
    Path file = dir.resolve("genesis.json");
    assertThat(run(genesisNew(file))).as(err.toString()).isZero();
    assertThat(Genesis.read(file).parameters().consensus()).isEqualTo(ConsensusParameters.SOLO);
  }

  @Test
  void anInterimAsLongAsTheTermIsRefused() throws Exception {
    Path file = dir.resolve("genesis.json");
    int exit = run(genesisNew(file, "--term-blocks", "10", "--interim-blocks", "10"));
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("consensus.parameters");
    assertThat(file).doesNotExist();
  }
}

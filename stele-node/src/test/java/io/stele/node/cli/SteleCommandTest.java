package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SteleCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString()).contains("status", "block", "anchor", "bench");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command : new String[] {"status", "block", "anchor", "bench"}) {
      assertThat(run(command, "--help")).as(command).isEqualTo(0);
    }
    assertThat(out.toString()).contains("--node", "--json", "--wait");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("no-such-command")).isEqualTo(2);
    assertThat(run("anchor")).isEqualTo(2);
    assertThat(err.toString()).contains("HASH");
  }

  @Test
  void anUnreachableNodeExitsThreeWithItsCode() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(run("status", "--node", "http://127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err.toString()).startsWith("stele: cli.unreachable: ").contains("127.0.0.1:" + port);
  }

  @Test
  void aNodeUrlThatIsNotHttpIsRefused() {
    assertThat(run("status", "--node", "ftp://x")).isEqualTo(2);
    assertThat(err.toString()).contains("cli.bad_option");
  }
}

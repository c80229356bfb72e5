package io.stele.exchange.pipeline;

import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.EventSink;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs in a child JVM for {@link CrashRecoveryTest}: feeds a deterministic load through the
 * pipeline and prints {@code acked <sequence>} whenever a batch has been applied, until killed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    int total = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    List<Command> cmds = TestLoad.commands(seed, total);
    ExchangePipeline p =
        ExchangePipeline.open(
            dir,
            new EventSink() {},
            seq -> {
              System.out.println("acked " + seq);
              System.out.flush();
            },
            1024,
            10_000);
    Command[] batch = new Command[100];
    for (int i = 0; i < cmds.size(); i += batch.length) {
      int n = Math.min(batch.length, cmds.size() - i);
      for (int j = 0; j < n; j++) {
        batch[j] = cmds.get(i + j);
      }
      p.submit(batch, n);
    }
    System.out.println("done");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

package io.stele.node.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 PrintStream that forwards whole lines to a command's PrintWriter, for the library entry
 * points (flow runner, exchange replay) that stream JSON lines to a PrintStream.
 */
final class LineStream extends OutputStream {
  private final PrintWriter target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private LineStream(PrintWriter target) {
    this.target = target;
  }

  static PrintStream to(PrintWriter target) {
    return new PrintStream(new LineStream(target), false, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    if (b == '\n') {
      target.println(line.toString(StandardCharsets.UTF_8));
      line.reset();
    } else {
      line.write(b);
    }
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void close() {
    if (line.size() > 0) {
      target.print(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
    target.flush();
  }
}

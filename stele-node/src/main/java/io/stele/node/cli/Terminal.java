package io.stele.node.cli;

import io.stele.node.config.Consoles;
import java.io.PrintStream;

/**
 * Progress for long work, drawn on stderr only when a person is watching a terminal, so scripts and
 * pipes never see it.
 */
final class Terminal {
  private final PrintStream err;
  private final boolean interactive;
  private long lastDraw;

  Terminal(PrintStream err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  static Terminal system() {
    return new Terminal(System.err, Consoles.interactive().isPresent());
  }

  /** Redraws the progress line, at most ten times a second. */
  void progress(String label, long done, long total) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    String count = total > 0 ? done + "/" + total : Long.toString(done);
    err.print("\r" + label + " " + count + (done >= total && total > 0 ? "\n" : ""));
    err.flush();
  }

  void status(String text) {
    if (interactive) {
      err.print("\r" + text);
      err.flush();
    }
  }

  void clear() {
    if (interactive) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}

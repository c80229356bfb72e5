package io.stele.node.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

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
    return new Terminal(System.err, isTerminal(System.console()));
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

  /**
   * Since Java 22 {@code System.console()} exists even when output is redirected, and {@code
   * Console.isTerminal()} tells the difference; on Java 21 a console exists only for a terminal.
   */
  private static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (boolean)
          MethodHandles.publicLookup()
              .findVirtual(Console.class, "isTerminal", MethodType.methodType(boolean.class))
              .invoke(console);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return true;
    } catch (Throwable e) {
      return false;
    }
  }
}

package io.stele.node.config;

import java.io.Console;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/** Whether a person is at a terminal: only then does stele prompt or draw progress. */
public final class Consoles {
  private Consoles() {}

  /**
   * The console when it is an interactive terminal. Since Java 22 {@code System.console()} exists
   * even when input or output is redirected and {@code Console.isTerminal()} tells the difference;
   * on Java 21 a console exists only for a terminal. Compiled for 21, so the method is looked up.
   */
  public static Optional<Console> interactive() {
    Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    try {
      boolean terminal =
          (boolean)
              MethodHandles.publicLookup()
                  .findVirtual(Console.class, "isTerminal", MethodType.methodType(boolean.class))
                  .invoke(console);
      return terminal ? Optional.of(console) : Optional.empty();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return Optional.of(console);
    } catch (Throwable e) {
      throw new IllegalStateException("Console.isTerminal failed", e);
    }
  }
}

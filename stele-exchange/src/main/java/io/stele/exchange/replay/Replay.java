package io.stele.exchange.replay;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * The replay tool behind {@code stele exchange replay FILE}: runs a file of commands (one JSON
 * object per line, docs/exchange.md) through a fresh engine, prints every resulting event as one
 * JSON object per line, then {@code {"state_hash":"<hex>"}}, and returns that hash. A line that
 * cannot be parsed, or that the engine refuses, prints a {@code rejected} event with its line
 * number, code and message, and the run goes on. Blank lines are skipped.
 */
public final class Replay {
  /** Longest accepted line, in characters; longer lines are refused without being read whole. */
  public static final int MAX_LINE = 4_096;

  /** Replays {@code commands} and returns the SHA-256 state hash of the final engine, in hex. */
  public String run(Reader commands, PrintStream events) {
    Engine engine = new Engine();
    CommandParser parser = new CommandParser(engine);
    JsonEvents out = new JsonEvents(events, engine, parser);
    BufferedReader in = new BufferedReader(commands, 1 << 16);
    StringBuilder line = new StringBuilder(256);
    long number = 0;
    long sequence = 0;
    try {
      int status;
      while ((status = readLine(in, line)) != EOF) {
        number++;
        if (status == TOO_LONG) {
          out.rejected(
              number, "replay.line_too_long", "line is longer than " + MAX_LINE + " characters");
          continue;
        }
        if (line.toString().isBlank()) {
          continue;
        }
        Command c;
        try {
          c = parser.parse(line.toString());
        } catch (SteleException e) {
          out.rejected(number, e.code(), e.getMessage());
          continue;
        }
        c.sequence = ++sequence;
        out.line(number);
        engine.apply(c, out);
        parser.afterApply(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read commands", e);
    }
    String hash = Bytes.wrap(engine.stateHash()).toHex();
    out.stateHash(hash);
    out.flush();
    events.println();
    events.flush();
    return hash;
  }

  private static final int EOF = -1;
  private static final int OK = 0;
  private static final int TOO_LONG = 1;

  private static int readLine(BufferedReader in, StringBuilder line) throws IOException {
    line.setLength(0);
    int ch = in.read();
    if (ch < 0) {
      return EOF;
    }
    boolean tooLong = false;
    while (ch >= 0 && ch != '\n') {
      if (line.length() < MAX_LINE) {
        line.append((char) ch);
      } else if (ch != '\r') {
        tooLong = true;
      }
      ch = in.read();
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return tooLong ? TOO_LONG : OK;
  }
}

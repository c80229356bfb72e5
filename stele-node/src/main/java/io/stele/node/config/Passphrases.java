package io.stele.node.config;

import io.stele.core.error.SteleException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a key file's passphrase comes from: a file (first line, UTF-8), else the environment
 * variable {@code STELE_PASSPHRASE}, else a prompt when a person is at a terminal.
 */
public final class Passphrases {
  public static final String ENVIRONMENT_VARIABLE = "STELE_PASSPHRASE";
  private static final int MAX_FILE_BYTES = 4096;

  private Passphrases() {}

  public static char[] resolve(Optional<Path> file, String purpose) {
    if (file.isPresent()) {
      return fromFile(file.get());
    }
    String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null) {
      return fromEnvironment.toCharArray();
    }
    Optional<java.io.Console> console = Consoles.interactive();
    if (console.isPresent()) {
      char[] typed = console.get().readPassword("Passphrase for %s: ", purpose);
      if (typed != null) {
        return typed;
      }
    }
    throw new SteleException(
        "cli.passphrase",
        "no passphrase for "
            + purpose
            + ": give --passphrase-file, set "
            + ENVIRONMENT_VARIABLE
            + ", or run at a terminal");
  }

  /** The first line of {@code file}, without its line ending. */
  public static char[] fromFile(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SteleException(
            "cli.passphrase", "passphrase file " + file + " is over " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot read passphrase file " + file + ": " + e, e);
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      int end = 0;
      while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
        end++;
      }
      char[] passphrase = Arrays.copyOf(chars.array(), end);
      Arrays.fill(chars.array(), '\0');
      return passphrase;
    } catch (CharacterCodingException e) {
      throw new SteleException("cli.passphrase", "passphrase file " + file + " is not UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}

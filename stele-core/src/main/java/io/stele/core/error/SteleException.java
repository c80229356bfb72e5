package io.stele.core.error;

/**
 * A rejection with a stable, machine-readable code (for example {@code tx.bad_signature}) and a
 * message for people that says what was wrong. Codes never change meaning once published; the API,
 * CLI and peer protocol carry them as they are.
 */
public class SteleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public SteleException(String code, String message) {
    super(message);
    this.code = code;
  }

  public SteleException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code + ": " + getMessage();
  }
}

package io.stele.node.cli;

import io.stele.core.error.SteleException;

/** The exit codes of every stele command; documented in docs/cli.md. */
final class ExitCode {
  static final int OK = 0;

  /** Refused or invalid: the node or the verifier said no (code and message on stderr). */
  static final int REJECTED = 1;

  /** The command line itself was wrong (picocli's usage error code). */
  static final int USAGE = 2;

  /** The node could not be reached, a file could not be read or written, or a port is taken. */
  static final int UNAVAILABLE = 3;

  /** A bug in stele itself (the message names the exception). */
  static final int INTERNAL = 70;

  private ExitCode() {}

  static int of(SteleException e) {
    return switch (e.code()) {
      case "cli.unreachable", "cli.io", "cli.interrupted", "api.port_in_use" -> UNAVAILABLE;
      case "cli.bad_option" -> USAGE;
      default -> REJECTED;
    };
  }
}

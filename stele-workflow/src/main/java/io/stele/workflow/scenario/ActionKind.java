package io.stele.workflow.scenario;

/**
 * What runs an action: a person (user), the engine itself (the system actions), or a child process
 * (sub-process, Stele's extension).
 */
public enum ActionKind {
  USER("action"),
  NOP("action/nop"),
  EVENT("action/event"),
  HTTP("action/http"),
  SUBPROCESS("action/process");

  /** The {@code $schema} of a sub-process action; LTO published none. */
  public static final String SUBPROCESS_SCHEMA =
      "https://specs.stele.io/workflow/v1/action/process/schema.json#";

  private final String schemaPath;

  ActionKind(String schemaPath) {
    this.schemaPath = schemaPath;
  }

  /** True for actions the engine performs by itself when triggered. */
  public boolean isSystem() {
    return this == NOP || this == EVENT || this == HTTP;
  }

  /** The kind named by an action's {@code $schema}, or null if the schema is not one we know. */
  static ActionKind fromSchema(String schema) {
    if (schema.equals(SUBPROCESS_SCHEMA)) {
      return SUBPROCESS;
    }
    for (ActionKind kind : values()) {
      if (kind != SUBPROCESS
          && schema.matches(
              "https://specs\\.livecontracts\\.io/v(0\\.2|1\\.0)\\.\\d+/"
                  + kind.schemaPath
                  + "/schema\\.json#?")) {
        return kind;
      }
    }
    return null;
  }
}

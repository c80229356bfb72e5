package io.stele.workflow.scenario;

/** What runs an action: a person (user) or the engine itself (the system actions). */
public enum ActionKind {
  USER("action"),
  NOP("action/nop"),
  EVENT("action/event"),
  HTTP("action/http");

  private final String schemaPath;

  ActionKind(String schemaPath) {
    this.schemaPath = schemaPath;
  }

  /** True for actions the engine performs by itself when triggered. */
  public boolean isSystem() {
    return this != USER;
  }

  /** The kind named by an action's {@code $schema}, or null if the schema is not one we know. */
  static ActionKind fromSchema(String schema) {
    for (ActionKind kind : values()) {
      if (schema.matches(
          "https://specs\\.livecontracts\\.io/v(0\\.2|1\\.0)\\.\\d+/"
              + kind.schemaPath
              + "/schema\\.json#?")) {
        return kind;
      }
    }
    return null;
  }
}

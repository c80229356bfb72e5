package io.stele.workflow.scenario;

/**
 * Something suspicious in a scenario that still loads.
 *
 * @param code {@code lint.unknown_actor}, {@code lint.unknown_action}, {@code
 *     lint.unknown_response}, {@code lint.unknown_state}, {@code lint.unreachable_state}, {@code
 *     lint.system_loop}, {@code lint.remote_schema}, {@code lint.timeout_without_transition},
 *     {@code lint.timeout_never_fires}; for updates {@code lint.update_unknown_state}, {@code
 *     lint.update_unmapped_state}, {@code lint.update_lost_actor}
 * @param where the path in the scenario, for example {@code states.initial.transitions[1]}
 */
public record LintFinding(String code, String where, String message) {
  @Override
  public String toString() {
    return code + " at " + where + ": " + message;
  }
}

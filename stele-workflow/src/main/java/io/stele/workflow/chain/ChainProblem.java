package io.stele.workflow.chain;

/**
 * One thing wrong with an event chain.
 *
 * @param event index of the event in the chain, or -1 for the chain itself
 * @param field the field that does not check out ({@code id}, {@code previous}, {@code hash},
 *     {@code signature}, {@code signkey}, {@code body}, or {@code file})
 * @param code stable error code, for example {@code workflow.event_hash}
 */
public record ChainProblem(int event, String field, String code, String message) {
  @Override
  public String toString() {
    String where = event < 0 ? "chain" : "event " + event;
    return where + " " + field + ": " + code + ": " + message;
  }
}

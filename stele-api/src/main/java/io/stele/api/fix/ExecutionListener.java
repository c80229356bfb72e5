package io.stele.api.fix;

/** Receives order events in the order the venue applied them. Must not block for long. */
public interface ExecutionListener {
  void execution(Execution execution);

  void cancelRejected(CancelRejection rejection);
}

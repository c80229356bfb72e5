package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * What an audit established: how many batches chain up to {@code headHash}, the batches it could
 * open (their epoch's shares were released) in order, and how many remain sealed.
 */
public record AuditReport(
    long batches, Bytes headHash, List<OpenedBatch> opened, long sealedBatches) {
  public AuditReport {
    opened = List.copyOf(opened);
  }

  /** Every opened order payload, in sealed order across batches. */
  public List<Bytes> payloads() {
    List<Bytes> payloads = new ArrayList<>();
    for (OpenedBatch batch : opened) {
      for (OpenedBatch.Order order : batch.orders()) {
        payloads.add(order.payload());
      }
    }
    return payloads;
  }
}

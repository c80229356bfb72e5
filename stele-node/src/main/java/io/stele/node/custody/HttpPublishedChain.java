package io.stele.node.custody;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.anchor.AnchorProof;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.PublishedBatch;
import io.stele.exchange.sealed.PublishedChain;
import java.net.URI;
import java.util.Optional;

/** A venue's published chain read over its API, for a key holder in another process. */
final class HttpPublishedChain implements PublishedChain {
  private final CustodyHttp http;
  private final URI venue;

  HttpPublishedChain(CustodyHttp http, URI venue) {
    this.http = http;
    this.venue = venue;
  }

  @Override
  public Optional<PublishedBatch> batch(long sequence) {
    return http.get(venue, "/v1/exchange/sealed/batches/" + sequence)
        .map(bytes -> BatchArchive.parseBatch(sequence, bytes));
  }

  @Override
  public Optional<AnchorProof> anchor(long sequence) {
    return http.get(venue, "/v1/exchange/sealed/batches/" + sequence + "/anchor")
        .map(bytes -> BatchArchive.parseAnchor(sequence, bytes));
  }

  @Override
  public boolean executed(long sequence) {
    return http.get(venue, "/v1/exchange/sealed/batches?from=" + sequence + "&limit=1")
        .map(bytes -> http.json(bytes, venue).path("batches"))
        .map(list -> list.size() == 1 && executed(list.get(0), sequence))
        .orElse(false);
  }

  private static boolean executed(JsonNode batch, long sequence) {
    return batch.path("sequence").asLong() == sequence && batch.path("executed").asBoolean(false);
  }
}

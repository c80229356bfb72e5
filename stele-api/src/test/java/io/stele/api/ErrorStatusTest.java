package io.stele.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorStatusTest {

  @ParameterizedTest
  @CsvSource({
    "api.malformed, 400",
    "encoding.base58, 400",
    "address.checksum, 400",
    "codec.trailing, 400",
    "api.not_found, 404",
    "tx.replay, 409",
    "tx.duplicate, 409",
    "api.too_large, 413",
    "api.unsupported_media_type, 415",
    "tx.bad_signature, 422",
    "tx.insufficient_funds, 422",
    "mempool.full, 429",
    "anchor.queue_full, 429",
    "page.range, 400",
    "node.closed, 503",
    "store.io, 503",
    "api.internal, 500"
  })
  void mapsCodesToStatuses(String code, int status) {
    assertThat(ErrorStatus.of(code)).isEqualTo(status);
  }

  @Property
  void decodingAreasAreAlways400(
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String reason) {
    assertThat(ErrorStatus.of("codec." + reason)).isEqualTo(400);
    assertThat(ErrorStatus.of("encoding." + reason)).isEqualTo(400);
  }
}

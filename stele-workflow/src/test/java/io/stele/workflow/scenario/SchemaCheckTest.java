package io.stele.workflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.workflow.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaCheckTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"title\": \"User\"} | true",
        "{\"properties\": {\"a\": {\"$ref\": \"#/definitions/a\"}}}                    | true",
        "{\"$ref\": \"https://specs.livecontracts.io/v0.2.0/actor/organization/schema.json#\"} | false",
        "{\"properties\": {\"a\": {\"$ref\": \"other.json\"}}}                         | false",
        "{\"$schema\": \"https://specs.livecontracts.io/v0.2.0/actor/schema.json#\"}   | false"
      })
  void onlySchemasThatNeedNoFetchingAreChecked(String schema, boolean selfContained) {
    assertThat(SchemaCheck.isSelfContained(Json.parse(schema, "schema"))).isEqualTo(selfContained);
  }
}

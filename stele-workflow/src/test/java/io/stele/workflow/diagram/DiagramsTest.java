package io.stele.workflow.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.workflow.Vectors;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DiagramsTest {
  private static final Scenario HANDSHAKE =
      ScenarioLoader.load(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"));

  /** The handshake's transitions, read off the scenario file by hand. */
  private static final List<String> EDGES =
      List.of(
          "initial -> wait_on_recipient : *.*",
          "wait_on_recipient -> wait_on_initiator : reply.ok",
          "wait_on_recipient -> expect_sympathy : reply.not_good",
          "wait_on_recipient -> :cancelled : ignore.*",
          "expect_sympathy -> recipient_can_elaborate : sympathize.*",
          "expect_sympathy -> :success : complete.*",
          "recipient_can_elaborate -> expect_sympathy : *.*",
          "wait_on_initiator -> :success : *.*");

  private static final List<String> STATES =
      List.of(
          "initial",
          "wait_on_recipient",
          "expect_sympathy",
          "recipient_can_elaborate",
          "wait_on_initiator",
          ":cancelled",
          ":success");

  @Test
  void mermaidHasEveryStateAndTransitionAndMarksTheCurrentState() {
    String text = Diagrams.mermaid(HANDSHAKE, "expect_sympathy");

    assertThat(text).startsWith("stateDiagram-v2\n");
    Map<String, String> names = new HashMap<>();
    Matcher declared = Pattern.compile("state \"([^\"]+)\" as (s\\d+)").matcher(text);
    while (declared.find()) {
      names.put(declared.group(2), declared.group(1));
    }
    assertThat(names.values()).containsExactlyInAnyOrderElementsOf(STATES);
    Matcher edge = Pattern.compile("(s\\d+) --> (s\\d+) : (.+)").matcher(text);
    List<String> edges = new java.util.ArrayList<>();
    while (edge.find()) {
      edges.add(
          names.get(edge.group(1)) + " -> " + names.get(edge.group(2)) + " : " + edge.group(3));
    }
    assertThat(edges).containsExactlyInAnyOrderElementsOf(EDGES);
    Matcher start = Pattern.compile("\\[\\*] --> (s\\d+)").matcher(text);
    assertThat(start.find()).isTrue();
    assertThat(names.get(start.group(1))).isEqualTo("initial");
    Matcher current = Pattern.compile("class (s\\d+) current").matcher(text);
    assertThat(current.find()).isTrue();
    assertThat(names.get(current.group(1))).isEqualTo("expect_sympathy");
    assertThat(current.find()).isFalse();
  }

  @Test
  void dotHasEveryStateAndTransitionAndFillsOnlyTheCurrentState() {
    String text = Diagrams.dot(HANDSHAKE, ":success");

    assertThat(text).startsWith("digraph scenario {").endsWith("}\n");
    Matcher node = Pattern.compile("\\n  \"([^\"]+)\" \\[shape=(\\w+)([^]]*)];").matcher(text);
    List<String> states = new java.util.ArrayList<>();
    List<String> filled = new java.util.ArrayList<>();
    while (node.find()) {
      states.add(node.group(1));
      assertThat(node.group(2)).isEqualTo(node.group(1).startsWith(":") ? "doublecircle" : "box");
      if (node.group(3).contains("filled")) {
        filled.add(node.group(1));
      }
    }
    assertThat(states).containsExactlyInAnyOrderElementsOf(STATES);
    assertThat(filled).containsExactly(":success");
    Matcher edge =
        Pattern.compile("\"([^\"]+)\" -> \"([^\"]+)\" \\[label=\"([^\"]+)\"]").matcher(text);
    List<String> edges = new java.util.ArrayList<>();
    while (edge.find()) {
      edges.add(edge.group(1) + " -> " + edge.group(2) + " : " + edge.group(3));
    }
    assertThat(edges).containsExactlyInAnyOrderElementsOf(EDGES);
  }

  @Test
  void withoutACurrentStateNothingIsMarked() {
    assertThat(Diagrams.dot(HANDSHAKE, null)).doesNotContain("filled");
    assertThat(Diagrams.mermaid(HANDSHAKE, null)).doesNotContain("class s");
  }
}

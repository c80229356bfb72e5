package io.stele.workflow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AppendOnlyListTest {
  /**
   * Appending to any earlier version (a branch) never changes another version: each version equals
   * the plain list built by the same appends.
   */
  @Property(tries = 200)
  void everyVersionKeepsItsOwnElements(
      @ForAll @Size(max = 40) List<@IntRange(max = 20) Integer> branchPoints) {
    List<AppendOnlyList<Integer>> versions = new ArrayList<>();
    List<List<Integer>> expected = new ArrayList<>();
    versions.add(AppendOnlyList.of(List.of()));
    expected.add(List.of());
    for (int step = 0; step < branchPoints.size(); step++) {
      int from = branchPoints.get(step) % versions.size();
      versions.add(versions.get(from).plus(step));
      List<Integer> plain = new ArrayList<>(expected.get(from));
      plain.add(step);
      expected.add(plain);
    }
    for (int i = 0; i < versions.size(); i++) {
      assertThat(versions.get(i)).containsExactlyElementsOf(expected.get(i));
    }
  }

  @Property(tries = 20)
  void isImmutable(@ForAll @Size(max = 5) List<Integer> items) {
    AppendOnlyList<Integer> list = AppendOnlyList.of(items);
    assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.get(items.size())).isInstanceOf(IndexOutOfBoundsException.class);
  }
}

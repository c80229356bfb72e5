package io.stele.exchange.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/** LongMap behaves like java.util.HashMap under any sequence of puts and removes. */
class LongMapTest {
  @Property(tries = 300)
  void agreesWithHashMap(@ForAll("operations") List<Tuple2<Boolean, Long>> ops) {
    LongMap<String> map = new LongMap<>(2);
    Map<Long, String> model = new HashMap<>();
    for (Tuple2<Boolean, Long> op : ops) {
      long key = op.get2();
      if (op.get1()) {
        map.put(key, "v" + key);
        model.put(key, "v" + key);
      } else {
        assertThat(map.remove(key)).isEqualTo(model.remove(key));
      }
      assertThat(map.size()).isEqualTo(model.size());
    }
    for (Map.Entry<Long, String> e : model.entrySet()) {
      assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
    }
    assertThat(map.sortedKeys())
        .containsExactly(model.keySet().stream().sorted().mapToLong(Long::longValue).toArray());
  }

  @Provide
  Arbitrary<List<Tuple2<Boolean, Long>>> operations() {
    // Few distinct keys, including 0, negatives and extremes, so probe runs collide and wrap.
    Arbitrary<Long> key =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-8, 40),
            Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40));
    return Arbitraries.integers()
        .between(0, 2)
        .flatMap(kind -> key.map(k -> Tuple.of(kind > 0, k)))
        .list()
        .ofMaxSize(300);
  }
}

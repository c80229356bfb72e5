package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

class SealedExchangePropertiesTest {
  private static final List<KeyPair> CLIENTS = List.of(client(1), client(2), client(3));

  private static KeyPair client(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return KeyPair.fromSeed(seed);
  }

  private static SealedExchange fresh() {
    return new SealedExchange(
        SealedExchangeTest.start(
            CLIENTS.stream().mapToLong(c -> SealedExchange.accountOf(c.publicKey())).toArray()));
  }

  record Submission(int client, byte[] payload) {}

  /** Each submission as its own batch, so every order's effect on the state can be seen. */
  private static List<BatchOutcome> run(List<Submission> submissions) {
    SealedExchange exchange = fresh();
    List<BatchOutcome> outcomes = new ArrayList<>();
    long sequence = 1;
    for (Submission s : submissions) {
      OpenedBatch.Order order =
          new OpenedBatch.Order(
              0, CLIENTS.get(s.client()).publicKey(), sequence, Bytes.of(s.payload()));
      outcomes.add(
          exchange.apply(
              new OpenedBatch(sequence++, Bytes.wrap(new byte[32]), List.of(order), List.of())));
    }
    return outcomes;
  }

  @Property(tries = 200)
  void theSameSubmissionsGiveTheSameOutcomes(
      @ForAll("submissions") @Size(max = 40) List<Submission> submissions) {
    assertThat(run(submissions)).isEqualTo(run(submissions));
  }

  @Property(tries = 200)
  void aRejectedOrderChangesNothing(
      @ForAll("submissions") @Size(max = 40) List<Submission> submissions) {
    Bytes before = Bytes.wrap(fresh().engine().stateHash());
    for (BatchOutcome outcome : run(submissions)) {
      assertThat(outcome.results()).hasSize(1);
      if (!outcome.results().get(0).code().equals(BatchOutcome.ACCEPTED)) {
        assertThat(outcome.stateHash()).isEqualTo(before);
        assertThat(outcome.trades()).isEmpty();
      }
      before = outcome.stateHash();
    }
  }

  @Provide
  Arbitrary<List<Submission>> submissions() {
    Arbitrary<Long> ids = Arbitraries.longs().between(1, 6);
    Arbitrary<Long> prices = Arbitraries.longs().between(95, 105).map(p -> p * 100);
    Arbitrary<Long> sizes = Arbitraries.longs().between(1, 4).map(l -> l * 1_000_000);
    Arbitrary<OrderPayload> place =
        Combinators.combine(
                ids, Arbitraries.of(Side.class), Arbitraries.of(TimeInForce.class), prices, sizes)
            .as(
                (id, side, tif, price, size) ->
                    new OrderPayload.Place(id, 1, side, OrderType.LIMIT, tif, false, price, size));
    Arbitrary<OrderPayload> cancel = ids.map(OrderPayload.Cancel::new);
    Arbitrary<OrderPayload> amend =
        Combinators.combine(ids, prices, sizes).as(OrderPayload.Amend::new);
    Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<byte[]> payload =
        Arbitraries.frequencyOf(
            Tuple.of(6, place.map(OrderPayload::encode)),
            Tuple.of(2, cancel.map(OrderPayload::encode)),
            Tuple.of(2, amend.map(OrderPayload::encode)),
            Tuple.of(1, garbage));
    return Combinators.combine(Arbitraries.integers().between(0, 2), payload)
        .as(Submission::new)
        .list();
  }
}

package io.stele.ledger.consensus.round;

import java.util.Optional;

/**
 * Where a witness keeps its {@link SigningState}. {@link #save} returns only once the state is
 * durable: the guard calls it before a signature leaves the node.
 */
public interface SignerStore {
  /**
   * The last saved state; empty when this store never held one, which for a witness of a running
   * chain means its memory of what it signed is lost (see docs/consensus.md).
   */
  Optional<SigningState> load();

  void save(SigningState state);

  /** Keeps the state in memory: for tests and simulations, where a "crash" keeps the object. */
  final class InMemory implements SignerStore {
    private SigningState state;

    /** A store for a witness of a new chain. */
    public static InMemory fresh() {
      InMemory store = new InMemory();
      store.state = SigningState.INITIAL;
      return store;
    }

    /** A store that lost its contents (a witness restarted without its data). */
    public static InMemory lost() {
      return new InMemory();
    }

    @Override
    public Optional<SigningState> load() {
      return Optional.ofNullable(state);
    }

    @Override
    public void save(SigningState next) {
      state = next;
    }
  }
}

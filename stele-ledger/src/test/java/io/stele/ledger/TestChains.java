package io.stele.ledger;

import io.stele.core.address.Address;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A devnet genesis with one witness and funded user accounts, from a fixed seed. */
public record TestChains(Genesis genesis, KeyPair witness, List<KeyPair> users) {
  public static final byte CHAIN = 'T';
  public static final long START = 1_700_000_000_000L;
  public static final long USER_BALANCE = 1_000_000_000L;

  public static TestChains create(int users) {
    SeededRng rng = new SeededRng(42);
    Genesis.Devnet devnet = Genesis.devnet(CHAIN, 1, START, rng);
    List<KeyPair> keys = new ArrayList<>();
    Map<Address, Long> balances = new TreeMap<>();
    for (int i = 0; i < users; i++) {
      KeyPair key = KeyPair.generate(rng);
      keys.add(key);
      balances.put(Address.of(key.publicKey(), CHAIN), USER_BALANCE);
    }
    return new TestChains(
        devnet.genesis().withBalances(balances), devnet.witnessKeys().get(0), keys);
  }

  public Address address(int user) {
    return Address.of(users.get(user).publicKey(), CHAIN);
  }
}

package io.stele.workflow.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identities an event chain knows: those listed beside its events, and those its identity
 * events register (a later event for the same id replaces the earlier one).
 */
public final class ChainIdentities {
  private static final int REMEMBERED = 65_536;

  /**
   * What each event body registers (an identity, or nothing), by SHA-256 of the body text. Chains
   * are read again whenever they grow, and decoding base58 costs time quadratic in the body's
   * length, so a long chain of large bodies would otherwise be decoded event by event on each step.
   */
  private static final Map<Bytes, Optional<Identity>> REGISTERS =
      Collections.synchronizedMap(new Recent());

  private static final class Recent extends LinkedHashMap<Bytes, Optional<Identity>> {
    private static final long serialVersionUID = 1L;

    Recent() {
      super(1024, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Bytes, Optional<Identity>> eldest) {
      return size() > REMEMBERED;
    }
  }

  private ChainIdentities() {}

  /** Every identity of the chain by id, after all its events. */
  public static Map<String, Identity> of(EventChain chain) {
    Map<String, Identity> known = listed(chain);
    for (int i = 0; i < chain.events().size(); i++) {
      register(chain.events().get(i), i, known);
    }
    return known;
  }

  /**
   * Events signed by a key that belongs to no identity known at that point (listed beside the
   * events, or registered by this or an earlier event). An identity event may also be signed by a
   * key of the identity it replaces: that is how an invited party swaps the one-time key it was
   * invited with for its own. LTO nodes refuse such events.
   */
  public static List<ChainProblem> unknownSigners(EventChain chain) {
    Map<String, Identity> known = listed(chain);
    List<ChainProblem> problems = new ArrayList<>();
    for (int i = 0; i < chain.events().size(); i++) {
      Event event = chain.events().get(i);
      List<Identity> before = List.copyOf(known.values());
      register(event, i, known);
      PublicKey key;
      try {
        key = PublicKey.fromBase58(event.signkey());
      } catch (SteleException e) {
        continue; // the verifier reports malformed keys
      }
      if (known.values().stream().noneMatch(identity -> identity.signsWith(key))
          && before.stream().noneMatch(identity -> identity.signsWith(key))) {
        problems.add(
            new ChainProblem(
                i,
                "signkey",
                "workflow.event_signer",
                "signkey " + event.signkey() + " belongs to no identity of the chain"));
      }
    }
    return problems;
  }

  private static Map<String, Identity> listed(EventChain chain) {
    Map<String, Identity> known = new LinkedHashMap<>();
    JsonNode list = chain.identities();
    for (int i = 0; i < list.size(); i++) {
      Identity identity = Identity.fromJson(list.get(i), "identities[" + i + "]");
      known.put(identity.id(), identity);
    }
    return known;
  }

  private static void register(Event event, int index, Map<String, Identity> known) {
    Bytes key = Bytes.wrap(Hashes.sha256(event.body().getBytes(StandardCharsets.UTF_8)));
    Optional<Identity> registered = REGISTERS.get(key);
    if (registered == null) {
      registered = identityIn(event, index);
      REGISTERS.put(key, registered);
    }
    registered.ifPresent(identity -> known.put(identity.id(), identity));
  }

  /** The identity an event's body registers; a malformed identity is refused, not remembered. */
  private static Optional<Identity> identityIn(Event event, int index) {
    JsonNode body;
    try {
      body = event.bodyJson();
    } catch (SteleException e) {
      return Optional.empty(); // not JSON: not an identity event
    }
    if (!Identity.SCHEMA.equals(body.path("$schema").asText())) {
      return Optional.empty();
    }
    return Optional.of(Identity.fromJson(body, "body of event " + index));
  }
}

package io.stele.net;

import io.stele.core.crypto.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/** A handler for tests: records what it is given and answers with a fixed verdict. */
public final class Recorder implements Transport.Handler {
  /** One delivered message. */
  public record Received(PublicKey from, Message message, boolean gossip) {}

  public final List<Received> messages = new CopyOnWriteArrayList<>();
  public final Set<PublicKey> connected = new CopyOnWriteArraySet<>();
  public final List<String> events = new CopyOnWriteArrayList<>();
  private volatile Verdict verdict = Verdict.ACCEPT;

  public Recorder answering(Verdict answer) {
    this.verdict = answer;
    return this;
  }

  @Override
  public Verdict onMessage(PublicKey from, Message message, boolean gossip) {
    messages.add(new Received(from, message, gossip));
    return verdict;
  }

  @Override
  public void onPeerConnected(PublicKey peer) {
    connected.add(peer);
    events.add("up " + peer);
  }

  @Override
  public void onPeerDisconnected(PublicKey peer) {
    connected.remove(peer);
    events.add("down " + peer);
  }

  public long count(Message message) {
    return messages.stream().filter(r -> r.message().equals(message)).count();
  }
}

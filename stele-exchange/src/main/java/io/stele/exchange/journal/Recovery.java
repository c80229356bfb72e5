package io.stele.exchange.journal;

import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.StateDump;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Rebuilds an engine from a data directory: the newest intact snapshot, then every journal record
 * after it. Because the engine is deterministic, this reaches exactly the state the running
 * exchange had after its last journaled command.
 */
public final class Recovery {
  public static final String JOURNAL = "journal.log";

  /** The rebuilt engine, the last sequence it has applied, and what the journal read found. */
  public record Recovered(
      Engine engine, long sequence, long snapshotSequence, JournalReader.Result journal) {}

  private Recovery() {}

  public static Recovered recover(Path dir) {
    return recover(dir, new EventSink() {});
  }

  /** As {@link #recover(Path)}, reporting the events of the replayed commands to {@code events}. */
  public static Recovered recover(Path dir, EventSink events) {
    Optional<Snapshots.Snapshot> snapshot = Snapshots.latest(dir);
    Engine engine = snapshot.map(s -> StateDump.read(s.dump())).orElseGet(Engine::new);
    long from = snapshot.map(Snapshots.Snapshot::sequence).orElse(0L);
    JournalReader.Result journal =
        JournalReader.read(
            dir.resolve(JOURNAL),
            c -> {
              if (c.sequence > from) {
                engine.apply(c, events);
              }
            });
    return new Recovered(engine, Math.max(from, journal.lastSequence()), from, journal);
  }
}

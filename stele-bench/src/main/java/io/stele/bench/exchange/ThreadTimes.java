package io.stele.bench.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What Linux's scheduler did to some threads of this process: time on a CPU and time runnable but
 * waiting for one (the run queue), from {@code /proc/self/task/TID/schedstat}. A thread that spins
 * is always runnable, so its run-queue time is how long the other threads on the machine kept it
 * off a core: the part of a latency tail that no code in the process can remove. Empty where the
 * system has no such files.
 */
final class ThreadTimes {
  private static final Path TASKS = Path.of("/proc/self/task");

  private record Times(String name, long cpuNs, long waitNs, long slices) {}

  private final Map<String, Times> byTask;

  private ThreadTimes(Map<String, Times> byTask) {
    this.byTask = byTask;
  }

  /** The current figures of every thread whose name is in {@code names}. */
  static ThreadTimes now(Set<String> names) {
    Map<String, Times> out = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return new ThreadTimes(out);
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        read(task, names, out);
      }
    } catch (IOException e) {
      out.clear(); // the process's thread list is not readable: report nothing
    }
    return new ThreadTimes(out);
  }

  private static void read(Path task, Set<String> names, Map<String, Times> out) {
    try {
      String name = Files.readString(task.resolve("comm")).strip();
      if (names.contains(name)) {
        String[] f = Files.readString(task.resolve("schedstat")).strip().split(" ");
        out.put(
            task.getFileName().toString(),
            new Times(name, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
      }
    } catch (IOException | RuntimeException gone) {
      // A thread that ended between listing and reading, or a kernel without schedstat: skip it.
    }
  }

  /**
   * Writes, per thread present both here and in {@code later}, its CPU and run-queue milliseconds
   * and its time slices in between, under its name.
   */
  void writeUntil(ThreadTimes later, ObjectNode out) {
    for (Map.Entry<String, Times> e : byTask.entrySet()) {
      Times after = later.byTask.get(e.getKey());
      if (after != null) {
        Times before = e.getValue();
        out.putObject(before.name())
            .put("cpuMs", millis(after.cpuNs() - before.cpuNs()))
            .put("runQueueMs", millis(after.waitNs() - before.waitNs()))
            .put("slices", after.slices() - before.slices());
      }
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}

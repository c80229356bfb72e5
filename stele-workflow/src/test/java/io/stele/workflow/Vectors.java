package io.stele.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The published LTO vectors, read from the directory surefire names in {@code stele.vectors}. */
public final class Vectors {
  private Vectors() {}

  public static Path lto(String relative) {
    return Path.of(System.getProperty("stele.vectors"), "lto").resolve(relative);
  }

  public static List<Path> list(String folder, String suffix) {
    try (Stream<Path> files = Files.list(lto(folder))) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + folder, e);
    }
  }
}

package io.stele.node.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code DIR/devnet.json}: the nodes a running devnet started, so scripts can find them. Written
 * whole to a temporary file and moved into place, so a reader never sees half of it; removed when
 * the devnet shuts down cleanly.
 */
public final class DevnetManifest {
  public static final String FILE_NAME = "devnet.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One node of the devnet; {@code p2p} is where its peers reach it (empty without peers). */
  public record Entry(String name, long pid, String apiUrl, String role, Path dataDir, String p2p) {
    public Entry(String name, long pid, String apiUrl, String role, Path dataDir) {
      this(name, pid, apiUrl, role, dataDir, "");
    }
  }

  private DevnetManifest() {}

  public static Path write(Path dir, String chainId, Path genesis, List<Entry> nodes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("chainId", chainId);
    root.put("genesis", genesis.toAbsolutePath().toString());
    ArrayNode list = root.putArray("nodes");
    for (Entry node : nodes) {
      list.addObject()
          .put("name", node.name())
          .put("pid", node.pid())
          .put("apiUrl", node.apiUrl())
          .put("role", node.role())
          .put("dataDir", node.dataDir().toAbsolutePath().toString())
          .put("p2p", node.p2p());
    }
    Path target = dir.resolve(FILE_NAME);
    Path temporary = dir.resolve(FILE_NAME + ".tmp");
    try {
      Files.writeString(
          temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot write " + target + ": " + e, e);
    }
    return target;
  }

  public static void remove(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot remove " + dir.resolve(FILE_NAME) + ": " + e, e);
    }
  }
}

package earshot.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every published version of every top-level record schema, shipped under
 * {@code earshot/schemas/history/<Record>/v<N>.avsc} as self-contained (inlined) schemas and
 * listed in {@code earshot/schemas/history/index.txt}. The newest version of each record equals
 * the current schema (a test enforces it), so a schema change without a new history entry fails
 * the build, and every older version stays readable.
 */
public final class SchemaHistory {

  static final String ROOT = "earshot/schemas/history/";

  private SchemaHistory() {}

  /** All shipped versions of a record, oldest first, the current one included. */
  public static List<Schema> versions(String recordName) {
    List<Schema> schemas = new ArrayList<>();
    for (String file : index().getOrDefault(recordName, Map.of()).values()) {
      schemas.add(SingleObjectCodec.readSchemaResource(ROOT + file));
    }
    return schemas;
  }

  /**
   * The shipped versions that differ from the current schema, by their parsing fingerprint (the
   * one single-object encoding writes). Normally every version but the newest; chosen by
   * fingerprint so that a schema changed before its new version is added still reads every
   * shipped version.
   */
  static List<Schema> previousVersions(Schema current) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(current);
    return versions(current.getName()).stream()
        .filter(version -> SchemaNormalization.parsingFingerprint64(version) != fingerprint)
        .toList();
  }

  /** Record name to (version number to resource path below {@link #ROOT}). */
  static Map<String, Map<Integer, String>> index() {
    Map<String, Map<Integer, String>> index = new TreeMap<>();
    try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(ROOT + "index.txt")) {
      if (in == null) {
        return index;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        // Record/vN.avsc
        int slash = line.indexOf('/');
        String record = line.substring(0, slash);
        int version = Integer.parseInt(line.substring(slash + 2, line.length() - ".avsc".length()));
        index.computeIfAbsent(record, r -> new TreeMap<>()).put(version, line);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the schema history index", e);
    }
    return index;
  }
}

package earshot.lab.intents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the categories of a labelled intent set map to Earshot's intent codes: each category is an
 * intent code (its texts are that code's positives), {@value #NONE} (negatives for every code) or
 * {@value #SKIP} (left out of scores and training). Read from {@code category<TAB>value} lines;
 * '#' lines are comments. Immutable.
 */
public final class IntentMap {

  public static final String NONE = "none";
  public static final String SKIP = "skip";
  /** The mapping of Banking77's categories, relative to the project folder. */
  public static final String BANKING77 = "data/real/banking77/intent-map.tsv";

  private final Map<String, String> values;
  private final List<String> codes;

  private IntentMap(Map<String, String> values) {
    this.values = Map.copyOf(values);
    this.codes = List.copyOf(new LinkedHashSet<>(values.values().stream()
        .filter(v -> !v.equals(NONE) && !v.equals(SKIP)).toList()));
  }

  public static IntentMap read(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException naming the line of a malformed entry or a category given twice */
  public static IntentMap parse(String origin, String text) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = lines[i].split("\t", -1);
      String where = origin + ":" + (i + 1) + ": ";
      if (parts.length != 2 || parts[0].isBlank() || !parts[1].strip().matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException(where + "expected category<TAB>intent code, none or skip");
      }
      if (values.put(parts[0].strip(), parts[1].strip()) != null) {
        throw new IllegalArgumentException(where + "category " + parts[0].strip() + " is mapped twice");
      }
    }
    return new IntentMap(values);
  }

  /** The value of a category: an intent code, none or skip; null when the map does not name it. */
  public String valueOf(String category) {
    return values.get(category);
  }

  public Set<String> categories() {
    return values.keySet();
  }

  /** The intent codes some category maps to, in the order of their first category. */
  public List<String> codes() {
    return codes;
  }

  /** The values that are neither none, nor skip, nor one of {@code knownCodes}. */
  public List<String> unknownCodes(Collection<String> knownCodes) {
    List<String> out = new ArrayList<>();
    for (String code : codes) {
      if (!knownCodes.contains(code)) {
        out.add(code);
      }
    }
    return out;
  }
}

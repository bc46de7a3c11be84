package earshot.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import earshot.deploy.provision.IndexTemplates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Elasticsearch did for each index of a run, from its own statistics ({@code _stats}): the
 * index operations, the documents the index holds, and the time its threads spent indexing,
 * refreshing and merging. The process's CPU says how much
 * Elasticsearch cost; this says which index, and which kind of work, it went to.
 *
 * @param index the index name without the run's prefix
 * @param indexed index operations (first writes and overwrites of a document under its id alike)
 * @param documents the documents the index holds at the end: fewer than {@code indexed} when
 *     documents were written again (each overwrite leaves a deleted copy for merges to clean up)
 * @param indexMillis time spent in index operations (analysis, in-memory buffers, translog)
 * @param refreshMillis time spent in refreshes (each writes a new segment)
 * @param mergeMillis time spent merging segments
 */
public record IndexWork(String index, long indexed, long documents, long indexMillis, long refreshMillis,
    long mergeMillis) {

  /** The statistics of every index whose name starts with {@code prefix}, by name without the prefix. */
  public static Map<String, IndexWork> sample(IndexTemplates.ElasticsearchHttp http, String prefix) throws IOException {
    return parse(http.request("GET", "/" + prefix + "*/_stats/indexing,refresh,merge,docs", null), prefix);
  }

  /** Reads an {@code _stats} answer: the indices whose name starts with {@code prefix}, by name without it. */
  static Map<String, IndexWork> parse(JsonNode stats, String prefix) {
    JsonNode indices = stats.path("indices");
    Map<String, IndexWork> work = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = indices.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      // Totals, not primaries: with replicas, their work is Elasticsearch's work too.
      JsonNode total = entry.getValue().path("total");
      if (!entry.getKey().startsWith(prefix)) {
        continue;
      }
      String name = entry.getKey().substring(prefix.length());
      work.put(name, new IndexWork(name,
          total.path("indexing").path("index_total").asLong(),
          total.path("docs").path("count").asLong(),
          total.path("indexing").path("index_time_in_millis").asLong(),
          total.path("refresh").path("total_time_in_millis").asLong(),
          total.path("merges").path("total_time_in_millis").asLong()));
    }
    return work;
  }

  /**
   * What was done between two samples, per index. An index missing from the first sample counts
   * from zero; {@link #documents} is the later sample's (a level, not a counter).
   */
  public static List<IndexWork> between(Map<String, IndexWork> before, Map<String, IndexWork> after) {
    List<IndexWork> done = new ArrayList<>();
    after.forEach((name, later) -> {
      IndexWork earlier = before.getOrDefault(name, new IndexWork(name, 0, 0, 0, 0, 0));
      IndexWork delta = new IndexWork(name, later.indexed - earlier.indexed, later.documents,
          later.indexMillis - earlier.indexMillis, later.refreshMillis - earlier.refreshMillis,
          later.mergeMillis - earlier.mergeMillis);
      if (delta.indexed > 0 || delta.indexMillis > 0 || delta.refreshMillis > 0 || delta.mergeMillis > 0) {
        done.add(delta);
      }
    });
    return done;
  }
}

package earshot.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Elasticsearch's per-index work between two {@code _stats} answers, as the pipeline bench prints it. */
class IndexWorkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String stats(long customerOps, long customerDocs, long indexMillis, long mergeMillis) {
    return """
        {"_all": {"total": {"indexing": {"index_total": 999}}},
         "indices": {
           "run-1-customers": {"total": {"docs": {"count": %d}, "indexing": {"index_total": %d, "index_time_in_millis": %d},
             "refresh": {"total_time_in_millis": 40}, "merges": {"total_time_in_millis": %d}}},
           "run-1-metrics-2026-11": {"total": {"docs": {"count": 10}, "indexing": {"index_total": 10, "index_time_in_millis": 5},
             "refresh": {"total_time_in_millis": 7}, "merges": {"total_time_in_millis": 0}}},
           "other-customers": {"total": {"docs": {"count": 1}, "indexing": {"index_total": 1, "index_time_in_millis": 1}}}
         }}
        """.formatted(customerDocs, customerOps, indexMillis, mergeMillis);
  }

  @Test
  void readsTheRunsIndicesByNameWithoutThePrefix() throws Exception {
    Map<String, IndexWork> work = IndexWork.parse(JSON.readTree(stats(500, 300, 1200, 80)), "run-1-");

    assertThat(work).containsOnlyKeys("customers", "metrics-2026-11");
    assertThat(work.get("customers")).isEqualTo(new IndexWork("customers", 500, 300, 1200, 40, 80));
  }

  @Test
  void countsWhatWasDoneBetweenTwoSamplesAndLeavesIdleIndicesOut() throws Exception {
    Map<String, IndexWork> before = IndexWork.parse(JSON.readTree(stats(500, 300, 1200, 80)), "run-1-");
    Map<String, IndexWork> after = IndexWork.parse(JSON.readTree(stats(2_500, 900, 4_200, 380)), "run-1-");

    List<IndexWork> done = IndexWork.between(before, after);

    // The metrics index did nothing in between; the customers index's documents are the later level.
    assertThat(done).containsExactly(new IndexWork("customers", 2_000, 900, 3_000, 0, 300));
  }

  @Test
  void anIndexCreatedDuringTheRunCountsFromZero() throws Exception {
    Map<String, IndexWork> after = IndexWork.parse(JSON.readTree(stats(2_500, 900, 4_200, 380)), "run-1-");

    assertThat(IndexWork.between(Map.of(), after)).extracting(IndexWork::index)
        .containsExactly("customers", "metrics-2026-11");
    assertThat(IndexWork.between(Map.of(), after).get(0).indexed()).isEqualTo(2_500);
  }
}

package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentCacheTest {

  @Test
  void remembersWhatWasPut() {
    RecentCache<String, Integer> cache = new RecentCache<>(4);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("b")).isEqualTo(2);
    assertThat(cache.get("c")).isNull();
  }

  @Test
  void aFloodOfDistinctKeysHoldsAtMostTwoGenerations() {
    RecentCache<Integer, Integer> cache = new RecentCache<>(100);
    for (int i = 0; i < 100_000; i++) {
      cache.put(i, i);
      assertThat(cache.size()).isLessThanOrEqualTo(200);
    }
    assertThat(cache.get(99_999)).isEqualTo(99_999);
    assertThat(cache.get(0)).isNull();
  }

  @Test
  void aKeyUsedInEveryGenerationSurvivesTheFlood() {
    RecentCache<String, String> cache = new RecentCache<>(50);
    cache.put("the", "the");
    for (int i = 0; i < 10_000; i++) {
      cache.put("url-" + i, "<url>");
      if (i % 40 == 0) {
        assertThat(cache.get("the")).as("after %d others", i).isEqualTo("the");
      }
    }
    assertThat(cache.get("url-0")).isNull();
  }

  @Test
  void aGenerationNeedsRoom() {
    assertThatThrownBy(() -> new RecentCache<String, String>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

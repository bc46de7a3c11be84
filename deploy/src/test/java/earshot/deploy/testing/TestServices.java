package earshot.deploy.testing;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Where a test finds the real Kafka and Elasticsearch, and how it keeps its own data apart. */
public record TestServices(String kafkaBootstrap, String elasticsearchUrl) {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  /**
   * A prefix for this test's topics and indices that no other test of the run uses: lower case,
   * valid for both Kafka topic and Elasticsearch index names, ending with a dot for topics.
   */
  public static String uniquePrefix(String hint) {
    String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return "t-" + clean + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-";
  }
}

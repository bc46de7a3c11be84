package earshot.connectors.elasticsearch;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps every registered counter of the JVM's MiniCluster in a static
 * map, so a test can read the job's own metrics while it runs. Install with {@link #install}.
 */
public final class CollectingReporter implements MetricReporter, MetricReporterFactory {

  private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

  /** Adds this reporter to a MiniCluster configuration. */
  static void install(Configuration flink) {
    flink.setString("metrics.reporter.collect.factory.class", CollectingReporter.class.getName());
  }

  /** The sum of every counter with this name (one per parallel subtask and operator). */
  static long sum(String name) {
    return COUNTERS.entrySet().stream().filter(e -> e.getKey().endsWith("." + name))
        .mapToLong(e -> e.getValue().getCount()).sum();
  }

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new CollectingReporter();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Counter counter) {
      COUNTERS.put(group.getMetricIdentifier(name), counter);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    // Kept: a finished job's final counts stay readable.
  }
}

package earshot.lab.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;

/**
 * A Flink metric reporter for benchmarks run on a MiniCluster in this JVM: it keeps each task's
 * accumulated busy, back-pressured and idle time (Flink's own {@code accumulate*TimeMs} task
 * metrics) and the records it took in and sent on ({@code numRecordsIn}, {@code numRecordsOut}), so
 * that a benchmark can say where a job's time went once the job has finished.
 *
 * <p>Flink counts as busy whatever wall time a task was neither idle nor back-pressured: a thread
 * waiting for a core, or a source that has read all its input waiting for the rest of the job, counts
 * as busy. The record counts tell such a task apart from one that works.
 *
 * <p>It also keeps each job's checkpoint figures (the job manager's {@code numberOfCompletedCheckpoints},
 * {@code lastCheckpointFullSize}, {@code lastCheckpointSize} and {@code lastCheckpointDuration}), and the
 * largest full size seen, so that a benchmark can say how much state a job carries: {@link #checkpoints}.
 *
 * <p>Values are read every second and once more when a task's metrics are removed, and kept in
 * this class (the MiniCluster shares the benchmark's JVM). {@link #enable} adds the reporter to a
 * Flink configuration; {@link #reset} forgets earlier runs; {@link #tasks} sums each task over its
 * subtasks.
 */
public final class TaskTimeReporter implements MetricReporter, Scheduled {

  static final String BUSY = "accumulateBusyTimeMs";
  static final String BACK_PRESSURED = "accumulateBackPressuredTimeMs";
  static final String IDLE = "accumulateIdleTimeMs";
  static final String RECORDS_IN = "numRecordsIn";
  static final String RECORDS_OUT = "numRecordsOut";
  private static final List<String> WATCHED = List.of(BUSY, BACK_PRESSURED, IDLE, RECORDS_IN, RECORDS_OUT);
  static final String COMPLETED_CHECKPOINTS = "numberOfCompletedCheckpoints";
  static final String CHECKPOINT_FULL_SIZE = "lastCheckpointFullSize";
  static final String CHECKPOINT_SIZE = "lastCheckpointSize";
  static final String CHECKPOINT_DURATION = "lastCheckpointDuration";
  private static final List<String> CHECKPOINT_WATCHED = List.of(COMPLETED_CHECKPOINTS, CHECKPOINT_FULL_SIZE,
      CHECKPOINT_SIZE, CHECKPOINT_DURATION);
  /** Job-level metrics are kept under this task name. */
  private static final String JOB = "";
  /** The largest full checkpoint size seen of each job, in bytes. */
  private static final Map<String, Long> LARGEST_FULL_SIZE = new ConcurrentHashMap<>();

  /** The last value seen of each watched gauge, by job, task, subtask and metric. */
  private static final Map<List<String>, Long> VALUES = new ConcurrentHashMap<>();
  private static final Map<List<String>, Metric> METRICS = new ConcurrentHashMap<>();

  /**
   * Time one task (a chain of operators) spent, summed over its subtasks, in milliseconds, and the
   * records its subtasks took in from other tasks and sent on.
   */
  public record TaskTime(String task, int subtasks, long busyMillis, long backPressuredMillis, long idleMillis,
      long recordsIn, long recordsOut) {

    public long totalMillis() {
      return busyMillis + backPressuredMillis + idleMillis;
    }
  }

  /**
   * A job's checkpoints as its job manager last reported them: how many completed, the last one's full
   * size (all state, as a restore would read it) and the largest full size seen, the last one's size as
   * written (the same with a backend that writes all state each time) and how long it took.
   */
  public record Checkpoints(long completed, long lastFullBytes, long largestFullBytes, long lastBytes,
      long lastDurationMillis) {}

  /** Adds this reporter to a Flink configuration, reading every second. */
  public static void enable(Configuration flink) {
    flink.setString("metrics.reporter.earshot-task-times.factory.class", Factory.class.getName());
    flink.setString("metrics.reporter.earshot-task-times.interval", "1 s");
  }

  /** Forgets every value seen so far (call before a run). */
  public static void reset() {
    METRICS.clear();
    VALUES.clear();
    LARGEST_FULL_SIZE.clear();
  }

  /** The checkpoints of {@code job} seen since the last {@link #reset} (all zero when it took none). */
  public static Checkpoints checkpoints(String job) {
    readAll();
    return new Checkpoints(VALUES.getOrDefault(List.of(job, JOB, JOB, COMPLETED_CHECKPOINTS), 0L),
        VALUES.getOrDefault(List.of(job, JOB, JOB, CHECKPOINT_FULL_SIZE), 0L),
        LARGEST_FULL_SIZE.getOrDefault(job, 0L), VALUES.getOrDefault(List.of(job, JOB, JOB, CHECKPOINT_SIZE), 0L),
        VALUES.getOrDefault(List.of(job, JOB, JOB, CHECKPOINT_DURATION), 0L));
  }

  /** The tasks of {@code job} seen since the last {@link #reset}, busiest first. */
  public static List<TaskTime> tasks(String job) {
    readAll();
    Map<String, long[]> sums = new LinkedHashMap<>();
    Map<String, java.util.Set<String>> subtasks = new LinkedHashMap<>();
    VALUES.forEach((key, value) -> {
      if (!key.get(0).equals(job) || key.get(1).equals(JOB)) {
        return;
      }
      long[] sum = sums.computeIfAbsent(key.get(1), t -> new long[WATCHED.size()]);
      sum[WATCHED.indexOf(key.get(3))] += value;
      subtasks.computeIfAbsent(key.get(1), t -> new java.util.HashSet<>()).add(key.get(2));
    });
    List<TaskTime> tasks = new ArrayList<>();
    sums.forEach((task, sum) -> tasks.add(new TaskTime(task, subtasks.get(task).size(), sum[0], sum[1], sum[2],
        sum[3], sum[4])));
    tasks.sort(Comparator.comparingLong(TaskTime::busyMillis).reversed().thenComparing(TaskTime::task));
    return tasks;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {
    readAll();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    List<String> key = key(name, group);
    if (key != null && (metric instanceof Gauge<?> || metric instanceof Counter)) {
      METRICS.put(key, metric);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    List<String> key = key(name, group);
    if (key != null && METRICS.containsKey(key)) {
      read(key, metric);
      METRICS.remove(key);
    }
  }

  @Override
  public void report() {
    readAll();
  }

  private static void readAll() {
    METRICS.forEach(TaskTimeReporter::read);
  }

  private static void read(List<String> key, Metric metric) {
    try {
      if (metric instanceof Counter counter) {
        VALUES.put(key, counter.getCount());
      } else if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
        VALUES.put(key, number.longValue());
        if (key.get(3).equals(CHECKPOINT_FULL_SIZE)) {
          LARGEST_FULL_SIZE.merge(key.get(0), number.longValue(), Math::max);
        }
      }
    } catch (RuntimeException closing) {
      // a gauge of a task being torn down may fail; the last value read stands
    }
  }

  private static List<String> key(String name, MetricGroup group) {
    Map<String, String> variables = group.getAllVariables();
    if (CHECKPOINT_WATCHED.contains(name)) {
      String job = variables.get("<job_name>");
      return job == null || variables.containsKey("<task_name>") ? null : List.of(job, JOB, JOB, name);
    }
    if (!WATCHED.contains(name)) {
      return null;
    }
    String job = variables.get("<job_name>");
    String task = variables.get("<task_name>");
    String subtask = variables.get("<subtask_index>");
    // Operators count their own records under the same names; only the task's are wanted.
    if (job == null || task == null || subtask == null || variables.containsKey("<operator_name>")) {
      return null;
    }
    return List.of(job, task, subtask, name);
  }

  /** Found by Flink through {@code META-INF/services}; named in {@link #enable}. */
  public static final class Factory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new TaskTimeReporter();
    }
  }
}

package earshot.lab.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used by named processes between two moments: the benchmark's own JVM (where the
 * MiniCluster runs the jobs) and the local services (Kafka, Elasticsearch), read from the operating
 * system ({@link ProcessHandle.Info#totalCpuDuration()}). A process whose CPU time cannot be read is
 * left out rather than counted as zero.
 */
public final class ProcessCpu {

  private final Map<String, ProcessHandle> processes;

  /** @param processes the processes to watch, by the name to print */
  public ProcessCpu(Map<String, ProcessHandle> processes) {
    this.processes = new LinkedHashMap<>(processes);
  }

  /** CPU time of each watched process so far. */
  public Map<String, Duration> sample() {
    Map<String, Duration> sample = new LinkedHashMap<>();
    processes.forEach((name, process) -> cpu(process).ifPresent(cpu -> sample.put(name, cpu)));
    return sample;
  }

  /** What each process used between two samples; processes missing from either are left out. */
  public static Map<String, Duration> between(Map<String, Duration> before, Map<String, Duration> after) {
    Map<String, Duration> used = new LinkedHashMap<>();
    after.forEach((name, cpu) -> {
      Duration earlier = before.get(name);
      if (earlier != null) {
        used.put(name, cpu.minus(earlier));
      }
    });
    return used;
  }

  static Optional<Duration> cpu(ProcessHandle process) {
    return process.isAlive() ? process.info().totalCpuDuration() : Optional.empty();
  }
}

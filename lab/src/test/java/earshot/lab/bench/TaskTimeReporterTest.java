package earshot.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.run.LocalRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** The benchmark's breakdown sources: Flink's task times from a real MiniCluster run, and process CPU time. */
class TaskTimeReporterTest {

  @Test
  void reportsEveryTaskOfAFinishedJobWithItsTimesAndRecords() throws Exception {
    EarshotConfig config = EarshotConfig.defaults().with(Settings.PARALLELISM, "2");
    TaskTimeReporter.reset();
    LocalRunner.run("task-times-test", config, 0, false, TaskTimeReporter::enable, (env, c) -> env
        .fromSequence(1, 3_000_000).uid("numbers").name("Numbers")
        .rebalance()
        .map(TaskTimeReporterTest::spin, Types.LONG).uid("spin").name("Spin")
        .sinkTo(new DiscardingSink<>()).uid("discard").name("Discard"));

    List<TaskTimeReporter.TaskTime> tasks = TaskTimeReporter.tasks("task-times-test");
    assertThat(tasks).extracting(TaskTimeReporter.TaskTime::task)
        .anySatisfy(task -> assertThat(task).contains("Spin"))
        .anySatisfy(task -> assertThat(task).contains("Numbers"));
    assertThat(tasks).allSatisfy(task -> assertThat(task.subtasks()).isEqualTo(2));
    TaskTimeReporter.TaskTime spin = tasks.stream().filter(t -> t.task().contains("Spin")).findFirst().orElseThrow();
    assertThat(spin.busyMillis()).isPositive();
    // Records between tasks, counted once per task (not again by each chained operator).
    TaskTimeReporter.TaskTime numbers = tasks.stream().filter(t -> t.task().contains("Numbers")).findFirst()
        .orElseThrow();
    assertThat(numbers.recordsOut()).isEqualTo(3_000_000);
    assertThat(spin.recordsIn()).isEqualTo(3_000_000);
    assertThat(spin.recordsOut()).isZero();
    assertThat(TaskTimeReporter.tasks("another-job")).isEmpty();

    TaskTimeReporter.reset();
    assertThat(TaskTimeReporter.tasks("task-times-test")).isEmpty();
  }

  @Test
  void reportsTheCheckpointsOfAJobWithState() throws Exception {
    EarshotConfig config = EarshotConfig.defaults().with(Settings.PARALLELISM, "2")
        .with(Settings.CHECKPOINT_INTERVAL, "PT0.2S");
    TaskTimeReporter.reset();
    assertThat(TaskTimeReporter.checkpoints("checkpoints-test").completed()).isZero();
    LocalRunner.run("checkpoints-test", config, 0, true, TaskTimeReporter::enable, (env, c) -> env
        .fromSequence(1, 20_000_000).uid("numbers").name("Numbers")
        .keyBy(n -> n % 10_000, Types.LONG)
        .reduce((a, b) -> spin(a + b)).uid("sum").name("Sum per key")
        .sinkTo(new DiscardingSink<>()).uid("discard").name("Discard"));

    TaskTimeReporter.Checkpoints checkpoints = TaskTimeReporter.checkpoints("checkpoints-test");
    assertThat(checkpoints.completed()).isPositive();
    // 10,000 keys, each a long in the reduce's state: well over 80 kB once all keys are in.
    assertThat(checkpoints.largestFullBytes()).isGreaterThan(80_000).isGreaterThanOrEqualTo(checkpoints.lastFullBytes());
    assertThat(TaskTimeReporter.tasks("checkpoints-test")).extracting(TaskTimeReporter.TaskTime::task)
        .noneMatch(String::isEmpty);
  }

  @Test
  void measuresTheCpuOfThisProcessAndLeavesOutWhatItCannotRead() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    ProcessCpu cpu = new ProcessCpu(Map.of("this JVM", ProcessHandle.current(), "gone", finished.toHandle()));
    Map<String, Duration> before = cpu.sample();
    long sum = 0;
    for (long i = 0; i < 300_000_000L; i++) {
      sum += i ^ (sum >>> 3);
    }
    Map<String, Duration> used = ProcessCpu.between(before, cpu.sample());
    assertThat(sum).isNotZero();
    assertThat(used).containsOnlyKeys("this JVM");
    assertThat(used.get("this JVM")).isPositive();
  }

  private static long spin(long value) {
    long x = value;
    for (int i = 0; i < 50; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x;
  }
}

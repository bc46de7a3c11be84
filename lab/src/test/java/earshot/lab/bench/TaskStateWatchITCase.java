package earshot.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.deploy.services.Processes;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.run.LocalRunner;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The per-task state the pipeline bench prints, read from a real local cluster's REST API while a job
 * with keyed state runs and checkpoints.
 */
class TaskStateWatchITCase {

  /** Keeps a running count per key: state that every checkpoint holds. */
  static final class CountPerKey extends KeyedProcessFunction<Long, Long, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Long value, Context context, Collector<Long> out) throws Exception {
      Long before = count.value();
      count.update(before == null ? 1 : before + 1);
    }
  }

  @Test
  void readsTheKeyedTasksStateAtACompletedCheckpoint() throws Exception {
    int port = Processes.freePort();
    EarshotConfig config = EarshotConfig.defaults().with(Settings.CHECKPOINT_INTERVAL, "PT0.5S");
    TaskState.Checkpoint read;
    try (TaskState.Watch watch = new TaskState.Watch(port)) {
      LocalRunner.run("task-state-watch", config, port, true, (env, c) -> env.fromSequence(1, 5_000)
          .uid("numbers").name("Numbers")
          // A slow source, not a slow counter: checkpoints then complete while the job runs instead of
          // waiting behind a backlog of records.
          .map(n -> {
            Thread.sleep(2);
            return n;
          }, Types.LONG).uid("trickle").name("Trickle")
          .keyBy(n -> n % 500).process(new CountPerKey(), Types.LONG).uid("count-per-key").name("Count per key")
          .sinkTo(new DiscardingSink<>()).uid("discard").name("Discard"));
      read = watch.last();
    }

    assertThat(read.id()).isPositive();
    assertThat(read.tasks()).anySatisfy(task -> {
      assertThat(task.task()).contains("Count per key");
      // 500 keys, each with a count.
      assertThat(task.fullBytes()).isGreaterThan(500L * 8);
    });
    assertThat(read.fullBytes()).isEqualTo(read.tasks().stream().mapToLong(TaskState::fullBytes).sum());
  }
}

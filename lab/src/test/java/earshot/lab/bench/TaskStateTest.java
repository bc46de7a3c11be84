package earshot.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-task state read from Flink's REST answers, as the pipeline bench prints it. */
class TaskStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void namesEachTaskByItsVertexAndListsTheLargestFirstWithoutStatelessTasks() throws Exception {
    String checkpoint = """
        {"id": 7, "status": "COMPLETED", "state_size": 3500000, "tasks": {
          "a1": {"id": 7, "status": "COMPLETED", "state_size": 500000, "checkpointed_size": 500000, "num_subtasks": 2},
          "b2": {"id": 7, "status": "COMPLETED", "state_size": 3000000, "checkpointed_size": 3000000, "num_subtasks": 2},
          "c3": {"id": 7, "status": "COMPLETED", "state_size": 0, "checkpointed_size": 0, "num_subtasks": 1},
          "d4": {"id": 7, "status": "COMPLETED", "state_size": 40, "checkpointed_size": 40, "num_subtasks": 1}}}
        """;
    String job = """
        {"jid": "x", "vertices": [
          {"id": "a1", "name": "Source: Kafka: enriched interactions", "parallelism": 2},
          {"id": "b2", "name": "CX metrics per series, 5 min windows", "parallelism": 2},
          {"id": "c3", "name": "Kafka: alerts: Writer", "parallelism": 1}]}
        """;

    List<TaskState> state = TaskState.parse(JSON.readTree(checkpoint), JSON.readTree(job));

    assertThat(state).containsExactly(
        new TaskState("CX metrics per series, 5 min windows", 2, 3_000_000),
        new TaskState("Source: Kafka: enriched interactions", 2, 500_000),
        // A vertex the job's answer does not name (it changed between the two reads) keeps its id.
        new TaskState("d4", 1, 40));
  }
}

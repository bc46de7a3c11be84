package earshot.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state one task (a chain of operators, summed over its subtasks) held at a job's last completed
 * checkpoint: its full size, as a restore reads it. The job manager's metrics give only the job's total;
 * a benchmark that holds its cluster reads the tasks from the execution graph ({@link ChurnBenchmark}),
 * one that runs a job through {@code LocalRunner} has no such handle and reads them from the cluster's
 * REST API with {@link Watch} while the job runs (the cluster, and its figures, are gone once a bounded
 * job ends), as an operator would on a real cluster.
 */
public record TaskState(String task, int subtasks, long fullBytes) {

  /** The tasks' state at one completed checkpoint, largest first; id 0 and no tasks when none was read. */
  public record Checkpoint(long id, List<TaskState> tasks) {

    public static final Checkpoint NONE = new Checkpoint(0, List.of());

    /** The state of all its tasks together. */
    public long fullBytes() {
      return tasks.stream().mapToLong(TaskState::fullBytes).sum();
    }
  }

  /**
   * The tasks' state at the last completed checkpoint of the job in a checkpoint-details answer
   * ({@code /jobs/:id/checkpoints/details/:checkpoint}), named by a job-details answer
   * ({@code /jobs/:id}), largest first; tasks without state are left out.
   */
  static List<TaskState> parse(JsonNode checkpoint, JsonNode job) {
    Map<String, JsonNode> vertices = new HashMap<>();
    job.path("vertices").forEach(vertex -> vertices.put(vertex.path("id").asText(), vertex));
    List<TaskState> tasks = new ArrayList<>();
    checkpoint.path("tasks").properties().forEach(entry -> {
      long bytes = entry.getValue().path("state_size").asLong(0);
      JsonNode vertex = vertices.get(entry.getKey());
      if (bytes > 0) {
        tasks.add(new TaskState(vertex == null ? entry.getKey() : vertex.path("name").asText(entry.getKey()),
            entry.getValue().path("num_subtasks").asInt(vertex == null ? 1 : vertex.path("parallelism").asInt(1)),
            bytes));
      }
    });
    tasks.sort(Comparator.comparingLong(TaskState::fullBytes).reversed().thenComparing(TaskState::task));
    return tasks;
  }

  /**
   * Polls a local cluster's REST API every second while a job runs and keeps the per-task state of its
   * latest completed checkpoint. Reading fails quietly (the job may not have started, or have ended):
   * {@link #last} is then what was read before, empty when nothing was.
   */
  public static final class Watch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final Thread poller;
    private volatile Checkpoint last = Checkpoint.NONE;
    private volatile boolean closed;

    /** Starts polling the REST API on {@code 127.0.0.1:port}. */
    public Watch(int port) {
      this.base = "http://127.0.0.1:" + port;
      this.poller = new Thread(this::poll, "checkpoint-state-watch");
      poller.setDaemon(true);
      poller.start();
    }

    /** The tasks' state at the latest completed checkpoint read so far. */
    public Checkpoint last() {
      return last;
    }

    private void poll() {
      while (!closed) {
        try {
          JsonNode jobs = get("/jobs");
          for (JsonNode job : jobs.path("jobs")) {
            if ("RUNNING".equals(job.path("status").asText())) {
              String id = job.path("id").asText();
              JsonNode completed = get("/jobs/" + id + "/checkpoints").path("latest").path("completed");
              if (completed.hasNonNull("id")) {
                long checkpointId = completed.path("id").asLong();
                if (checkpointId != last.id()) {
                  List<TaskState> read = parse(get("/jobs/" + id + "/checkpoints/details/" + checkpointId), get("/jobs/" + id));
                  if (!read.isEmpty()) {
                    last = new Checkpoint(checkpointId, read);
                  }
                }
              }
            }
          }
        } catch (IOException | RuntimeException notYet) {
          // no job yet, no completed checkpoint yet, the cluster going away, or an answer of another shape
        } catch (InterruptedException stop) {
          return;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(path + ": HTTP " + response.statusCode());
      }
      return JSON.readTree(response.body());
    }

    @Override
    public void close() {
      closed = true;
      poller.interrupt();
    }
  }
}

package earshot.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of Flink's REST API that deploying and upgrading jobs need: upload a jar, run it with
 * arguments (optionally from a savepoint), list jobs, stop a job with a savepoint and wait for it.
 */
public final class FlinkRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public FlinkRestClient(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** One job as listed by the cluster. */
  public record Job(String id, String name, String state) {
    public boolean isRunning() {
      return state.equals("RUNNING") || state.equals("CREATED") || state.equals("INITIALIZING")
          || state.equals("RESTARTING");
    }
  }

  /** Cluster overview: task managers, slots, jobs by state. */
  public JsonNode overview() throws IOException {
    return get("/overview");
  }

  /** The TaskManagers the ResourceManager lists, with their resource ids and slots. */
  public JsonNode taskManagers() throws IOException {
    return get("/taskmanagers");
  }

  public List<Job> jobs() throws IOException {
    List<Job> jobs = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
    }
    return jobs;
  }

  /** The job of that name that is running (or starting), if any. */
  public Optional<Job> runningJob(String name) throws IOException {
    return jobs().stream().filter(job -> job.name().equals(name) && job.isRunning()).findFirst();
  }

  /** Uploads a job jar; returns the id the cluster gave it. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "earshot-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
        .timeout(Duration.ofMinutes(5))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
    JsonNode response = send(request, "POST /jars/upload");
    String file = response.path("filename").asText();
    if (file.isEmpty()) {
      throw new IOException("the cluster did not say where it stored the uploaded jar: " + response);
    }
    return Path.of(file).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's entry class.
   *
   * @param savepoint a savepoint to start from, or null for a fresh start
   * @return the job id
   */
  public String runJar(String jarId, String entryClass, List<String> arguments, String savepoint) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    body.putPOJO("programArgsList", arguments);
    if (savepoint != null) {
      body.put("savepointPath", savepoint);
      body.put("allowNonRestoredState", false);
    }
    JsonNode response = post("/jars/" + jarId + "/run", body);
    String jobId = response.path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IOException("the cluster accepted the jar but returned no job id: " + response);
    }
    return jobId;
  }

  /**
   * Stops a job with a savepoint (without draining: event-time windows stay open in the
   * savepoint) and waits until the savepoint is complete.
   *
   * @param targetDirectory where the savepoint goes ({@code file://...}), or null for the cluster's default
   * @return the savepoint's location
   */
  public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("drain", false);
    if (targetDirectory != null) {
      body.put("targetDirectory", targetDirectory);
    }
    String trigger = post("/jobs/" + jobId + "/stop", body).path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if (status.path("status").path("id").asText().equals("COMPLETED")) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IOException("the savepoint of job " + jobId + " failed: "
              + operation.path("failure-cause").path("stack-trace").asText("").lines().findFirst().orElse("?"));
        }
        return operation.path("location").asText();
      }
      sleep(500);
    }
    throw new IOException("the savepoint of job " + jobId + " did not complete within " + timeout.toSeconds() + " s");
  }

  public void cancel(String jobId) throws IOException {
    send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel")).timeout(Duration.ofSeconds(30))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), "PATCH /jobs/" + jobId);
  }

  private JsonNode get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET().build(),
        "GET " + path);
  }

  private JsonNode post(String path, JsonNode body) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(), "POST " + path);
  }

  private JsonNode send(HttpRequest request, String what) throws IOException {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IOException(what + " failed with HTTP " + response.statusCode() + ": " + errors(response.body()));
      }
      return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (java.net.ConnectException e) {
      throw new IOException("cannot reach the Flink cluster at " + baseUrl + " (" + what
          + "); is it running? ('./earshot cluster status')", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during " + what, e);
    }
  }

  /** Flink answers errors as {"errors": [...]}, the first of which often holds a long stack trace. */
  private static String errors(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      List<String> lines = new ArrayList<>();
      for (JsonNode error : errors) {
        String text = error.asText();
        // Keep the lines that say what went wrong, not the frames.
        text.lines().filter(line -> !line.strip().startsWith("at ") && !line.isBlank()).limit(12).forEach(lines::add);
      }
      return lines.isEmpty() ? body : String.join("\n  ", lines);
    } catch (IOException notJson) {
      return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}

package earshot.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers documents into bulk requests and sends them asynchronously. Everything runs in the
 * task's mailbox thread: responses and retry timers are enqueued as mails, so no state is shared
 * between threads.
 *
 * <ul>
 *   <li>A bulk request goes out when the buffer reaches its action or byte limit, or when the
 *       flush interval passes.
 *   <li>At most {@code maxInFlightRequests} requests are sent or waiting for a retry; beyond that,
 *       {@code write} blocks (processing mails), which back-pressures the job.
 *   <li>Items answered with 429 or 5xx, and whole requests that failed to reach the cluster, are
 *       retried with exponential backoff and jitter.
 *   <li>Items answered with another 4xx are malformed for this cluster and go to
 *       {@link RejectedDocuments}; they are never retried.
 *   <li>{@link #flush} (before every checkpoint and at end of input) returns only once every
 *       buffered document was acknowledged or handed to the rejected-documents handler: with
 *       deterministic ids this makes the sink at-least-once and the index effectively exactly-once.
 * </ul>
 */
final class ElasticsearchWriter<T> implements SinkWriter<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final ElasticsearchOptions options;
  private final DocumentEmitter<T> emitter;
  private final MailboxExecutor mailbox;
  private final ProcessingTimeService time;
  private final RestClient rest;
  private final ElasticsearchAsyncClient client;
  private final RejectedDocuments rejected;

  private final Counter documentsSent;
  private final Counter documentsRetried;
  private final Counter documentsRejected;
  private final Counter requestsFailed;
  private final Histogram bulkLatencyMs;

  private List<Pending> buffer = new ArrayList<>();
  private long bufferedBytes;
  private int inFlight;
  private Throwable fatal;
  private boolean closed;

  /** A document with its serialized source and how often it was sent already. */
  private record Pending(String index, String id, byte[] source, int attempts) {
    Pending retried() {
      return new Pending(index, id, source, attempts + 1);
    }
  }

  ElasticsearchWriter(String name, ElasticsearchOptions options, DocumentEmitter<T> emitter, MailboxExecutor mailbox,
      ProcessingTimeService time, MetricGroup metrics, RejectedDocuments rejected) throws IOException {
    this.name = name;
    this.options = options;
    this.emitter = emitter;
    this.mailbox = mailbox;
    this.time = time;
    this.rejected = rejected;
    this.rest = ElasticsearchClients.restClient(options);
    this.client = ElasticsearchClients.asyncClient(rest);
    this.documentsSent = metrics.counter("earshotDocumentsSent");
    this.documentsRetried = metrics.counter("earshotDocumentsRetried");
    this.documentsRejected = metrics.counter("earshotDocumentsDeadLettered");
    this.requestsFailed = metrics.counter("earshotBulkRequestsFailed");
    this.bulkLatencyMs = metrics.histogram("earshotBulkLatencyMs", new DescriptiveStatisticsHistogram(500));
    metrics.gauge("earshotBulkRequestsInFlight", () -> inFlight);
    scheduleIntervalFlush();
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    throwIfFailed();
    emitter.emit(element, this::add);
    if (buffer.size() >= options.maxBulkActions() || bufferedBytes >= options.maxBulkBytes()) {
      sendBuffer(true);
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    throwIfFailed();
    sendBuffer(true);
    while (inFlight > 0) {
      mailbox.yield();
      throwIfFailed();
    }
    rejected.flush();
  }

  @Override
  public void close() throws Exception {
    closed = true;
    try {
      rest.close();
    } finally {
      rejected.close();
    }
  }

  private void add(DocumentRequest request) {
    byte[] source;
    try {
      source = JSON.writeValueAsBytes(request.document());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(name + ": cannot serialize document " + request.id(), e);
    }
    buffer.add(new Pending(request.index(), request.id(), source, 0));
    bufferedBytes += source.length;
  }

  /** Sends the buffer as one bulk request; waits for a free slot when {@code mayBlock}. */
  private void sendBuffer(boolean mayBlock) throws IOException, InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    while (inFlight >= options.maxInFlightRequests()) {
      if (!mayBlock) {
        return;
      }
      mailbox.yield();
      throwIfFailed();
    }
    List<Pending> batch = buffer;
    buffer = new ArrayList<>();
    bufferedBytes = 0;
    inFlight++;
    send(batch);
  }

  private void send(List<Pending> batch) {
    BulkRequest.Builder request = new BulkRequest.Builder();
    for (Pending document : batch) {
      request.operations(op -> op.index(i -> i.index(document.index()).id(document.id())
          .document(BinaryData.of(document.source(), "application/json"))));
    }
    long started = System.nanoTime();
    client.bulk(request.build()).whenComplete((response, error) -> {
      try {
        mailbox.execute(() -> onResponse(batch, started, response, error), "elasticsearch bulk response");
      } catch (RejectedExecutionException closing) {
        // The task is shutting down; the documents will be replayed from the last checkpoint.
      }
    });
  }

  private void onResponse(List<Pending> batch, long started, BulkResponse response, Throwable error) {
    bulkLatencyMs.update((System.nanoTime() - started) / 1_000_000);
    if (error != null) {
      Throwable cause = unwrap(error);
      requestsFailed.inc();
      if (isRetryable(cause)) {
        retryLater(batch, describe(cause));
      } else {
        inFlight--;
        fatal = new IOException(name + ": bulk request refused by Elasticsearch: " + describe(cause), cause);
      }
      return;
    }
    List<Pending> retry = new ArrayList<>();
    List<BulkResponseItem> items = response.items();
    String lastRetryReason = null;
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      Pending document = batch.get(i);
      int status = item.status();
      if (item.error() == null && status < 300) {
        documentsSent.inc();
      } else if (status == 429 || status >= 500) {
        retry.add(document);
        lastRetryReason = "HTTP " + status + " " + reason(item.error());
      } else {
        documentsRejected.inc();
        rejected.reject(document.index(), document.id(), document.source(), status, reason(item.error()));
      }
    }
    if (retry.isEmpty()) {
      inFlight--;
    } else {
      retryLater(retry, lastRetryReason);
    }
  }

  /** Keeps the request's in-flight slot and sends the documents again after a backoff. */
  private void retryLater(List<Pending> batch, String why) {
    int attempt = batch.stream().mapToInt(Pending::attempts).max().orElse(0) + 1;
    if (options.maxRetries() >= 0 && attempt > options.maxRetries()) {
      inFlight--;
      fatal = new IOException(name + ": giving up on " + batch.size() + " documents after " + options.maxRetries()
          + " retries; last failure: " + why);
      return;
    }
    List<Pending> next = batch.stream().map(Pending::retried).toList();
    documentsRetried.inc(next.size());
    long delay = backoff(attempt);
    LOG.warn("{}: retrying {} documents in {} ms (attempt {}): {}", name, next.size(), delay, attempt, why);
    time.registerTimer(time.getCurrentProcessingTime() + delay, timestamp -> {
      if (!closed) {
        send(next);
      }
    });
  }

  private long backoff(int attempt) {
    long base = options.initialBackoff().toMillis();
    long max = options.maxBackoff().toMillis();
    long exponential = attempt >= 31 ? max : Math.min(max, base << Math.min(attempt - 1, 30));
    // Full jitter on the upper half keeps many writers from retrying in lockstep.
    return exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
  }

  private void scheduleIntervalFlush() {
    time.registerTimer(time.getCurrentProcessingTime() + options.flushInterval().toMillis(), timestamp -> {
      if (closed) {
        return;
      }
      sendBuffer(false);
      scheduleIntervalFlush();
    });
  }

  private void throwIfFailed() throws IOException {
    if (fatal != null) {
      throw fatal instanceof IOException io ? io : new IOException(fatal);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** 429, 5xx and failures to reach the cluster are worth retrying; other answers are final. */
  static boolean isRetryable(Throwable cause) {
    int status = statusOf(cause);
    if (status > 0) {
      return status == 429 || status >= 500;
    }
    return cause instanceof IOException;
  }

  private static int statusOf(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException e) {
        return e.status();
      }
      if (t instanceof ResponseException e) {
        return e.getResponse().getStatusLine().getStatusCode();
      }
      if (t instanceof TransportException e && e.statusCode() > 0) {
        return e.statusCode();
      }
    }
    return -1;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String reason(ErrorCause error) {
    if (error == null) {
      return "(no reason given)";
    }
    StringBuilder text = new StringBuilder(error.type()).append(": ").append(error.reason());
    if (error.causedBy() != null) {
      text.append(" (caused by ").append(error.causedBy().type()).append(": ").append(error.causedBy().reason()).append(')');
    }
    return text.toString();
  }
}

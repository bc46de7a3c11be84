package earshot.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import earshot.connectors.elasticsearch.Outcomes.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
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
 *   <li>What happens to each answer is decided by {@link Outcomes}: 429/5xx and unanswered
 *       requests are retried with exponential backoff and jitter, malformed documents go to
 *       {@link RejectedDocuments}, wrong credentials fail the job with the server's reason.
 *   <li>{@link #flush} (before every checkpoint and at end of input) returns only once every
 *       buffered document was acknowledged or handed to the rejected-documents handler: with
 *       deterministic ids this makes the sink at-least-once and the index effectively exactly-once.
 * </ul>
 *
 * <p>Metrics, in the sink operator's group: {@code earshotDocumentsSent} (acknowledged),
 * {@code earshotDocumentsSuperseded} (an older version dropped because a newer one was there),
 * {@code earshotDocumentsFailed} (delivery attempts that failed, for any reason),
 * {@code earshotDocumentsRetried} (documents sent again), {@code earshotDocumentsDeadLettered},
 * {@code earshotBulkRequestsFailed} (requests without an answer or refused as a whole),
 * {@code earshotBulkLatencyMs} (histogram), {@code earshotBulkRequestsInFlight} (gauge); and
 * Flink's standard {@code numRecordsSend}, {@code numBytesSend}, {@code numRecordsSendErrors}.
 */
final class ElasticsearchWriter<T> implements SinkWriter<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchWriter.class);

  private final String name;
  private final ElasticsearchOptions options;
  private final Backoff backoff;
  private final DocumentEmitter<T> emitter;
  private final MailboxExecutor mailbox;
  private final ProcessingTimeService time;
  private final RestClient rest;
  private final ElasticsearchAsyncClient client;
  private final RejectedDocuments rejected;
  private final RandomGenerator random = RandomGenerator.getDefault();

  private final Counter documentsSent;
  private final Counter documentsSuperseded;
  private final Counter documentsFailed;
  private final Counter documentsRetried;
  private final Counter documentsDeadLettered;
  private final Counter requestsFailed;
  private final Counter recordsSend;
  private final Counter bytesSend;
  private final Counter recordsSendErrors;
  private final Histogram bulkLatencyMs;

  private List<Pending> buffer = new ArrayList<>();
  private long bufferedBytes;
  private int inFlight;
  private long lastSendMillis;
  private IOException fatal;
  private boolean closed;

  /** A document with its serialized source and how often it was sent already. */
  private record Pending(String index, String id, Long version, byte[] source, int attempts) {
    Pending retried() {
      return new Pending(index, id, version, source, attempts + 1);
    }
  }

  ElasticsearchWriter(String name, ElasticsearchOptions options, DocumentEmitter<T> emitter, MailboxExecutor mailbox,
      ProcessingTimeService time, SinkWriterMetricGroup metrics, RejectedDocuments rejected) throws IOException {
    this.name = name;
    this.options = options;
    this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
    this.emitter = emitter;
    this.mailbox = mailbox;
    this.time = time;
    this.rejected = rejected;
    this.rest = ElasticsearchClients.restClient(options);
    this.client = ElasticsearchClients.asyncClient(rest);
    this.documentsSent = metrics.counter("earshotDocumentsSent");
    this.documentsSuperseded = metrics.counter("earshotDocumentsSuperseded");
    this.documentsFailed = metrics.counter("earshotDocumentsFailed");
    this.documentsRetried = metrics.counter("earshotDocumentsRetried");
    this.documentsDeadLettered = metrics.counter("earshotDocumentsDeadLettered");
    this.requestsFailed = metrics.counter("earshotBulkRequestsFailed");
    this.bulkLatencyMs = metrics.histogram("earshotBulkLatencyMs", new DescriptiveStatisticsHistogram(500));
    metrics.gauge("earshotBulkRequestsInFlight", () -> inFlight);
    this.recordsSend = metrics.getNumRecordsSendCounter();
    this.bytesSend = metrics.getNumBytesSendCounter();
    this.recordsSendErrors = metrics.getNumRecordsSendErrorsCounter();
    metrics.setCurrentSendTimeGauge(() -> lastSendMillis);
    LOG.info("{}: writing to {}", name, options);
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
    byte[] source = request.source();
    buffer.add(new Pending(request.index(), request.id(), request.version(), source, 0));
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

  /** Sends a batch that holds an in-flight slot; the slot is released when the batch is settled. */
  private void send(List<Pending> batch) {
    BulkRequest.Builder request = new BulkRequest.Builder();
    long bytes = 0;
    for (Pending document : batch) {
      bytes += document.source().length;
      request.operations(op -> op.index(i -> {
        i.index(document.index()).id(document.id())
            .document(BinaryData.of(document.source(), "application/json"));
        if (document.version() != null) {
          i.version(document.version()).versionType(VersionType.ExternalGte);
        }
        return i;
      }));
    }
    bytesSend.inc(bytes);
    long started = System.nanoTime();
    CompletableFuture<BulkResponse> future;
    try {
      future = client.bulk(request.build());
    } catch (RuntimeException e) {
      // The client failed before sending (for example it was closed): treat as not answered.
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((response, error) -> {
      try {
        mailbox.execute(() -> onResponse(batch, started, response, error), "elasticsearch bulk response");
      } catch (RejectedExecutionException closing) {
        // The task is shutting down; the documents will be replayed from the last checkpoint.
      }
    });
  }

  private void onResponse(List<Pending> batch, long started, BulkResponse response, Throwable error) {
    if (closed) {
      return;
    }
    long latencyMs = (System.nanoTime() - started) / 1_000_000;
    bulkLatencyMs.update(latencyMs);
    lastSendMillis = latencyMs;
    if (error != null) {
      requestsFailed.inc();
      documentsFailed.inc(batch.size());
      recordsSendErrors.inc(batch.size());
      String why = Outcomes.describe(error);
      if (Outcomes.ofRequest(error) == Outcome.RETRY) {
        retryLater(batch, why);
      } else {
        fail(new IOException(name + ": " + Outcomes.explainFatal(error), error));
      }
      return;
    }
    List<BulkResponseItem> items = response.items();
    if (items.size() != batch.size()) {
      fail(new IOException(name + ": Elasticsearch answered " + items.size() + " items for a bulk request of "
          + batch.size() + " documents"));
      return;
    }
    List<Pending> retry = new ArrayList<>();
    String retryReason = null;
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      Pending document = batch.get(i);
      int status = item.status();
      switch (Outcomes.ofItem(status, document.version() != null)) {
        case INDEXED -> {
          documentsSent.inc();
          recordsSend.inc();
        }
        case SUPERSEDED -> documentsSuperseded.inc();
        case RETRY -> {
          documentsFailed.inc();
          retry.add(document);
          retryReason = "HTTP " + status + " " + Outcomes.reason(item.error());
        }
        case REJECT -> {
          documentsFailed.inc();
          documentsDeadLettered.inc();
          recordsSendErrors.inc();
          rejected.reject(document.index(), document.id(), document.source(), status, Outcomes.reason(item.error()));
        }
        case FATAL -> {
          documentsFailed.inc();
          fail(new IOException(name + ": " + Outcomes.explainFatal(status, Outcomes.reason(item.error()))
              + " (document " + document.id() + " for index " + document.index() + ")"));
          return;
        }
      }
    }
    if (retry.isEmpty()) {
      inFlight--;
    } else {
      retryLater(retry, retryReason);
    }
  }

  /** Keeps the request's in-flight slot and sends the documents again after a backoff. */
  private void retryLater(List<Pending> batch, String why) {
    int attempt = batch.stream().mapToInt(Pending::attempts).max().orElse(0) + 1;
    if (options.maxRetries() >= 0 && attempt > options.maxRetries()) {
      fail(new IOException(name + ": giving up on " + batch.size() + " documents after " + options.maxRetries()
          + " retries (elasticsearch.max-retries); last failure: " + why));
      return;
    }
    List<Pending> next = batch.stream().map(Pending::retried).toList();
    documentsRetried.inc(next.size());
    long delay = backoff.delayMillis(attempt, random);
    if (attempt == 1 || attempt % 10 == 0) {
      LOG.warn("{}: retrying {} documents in {} ms (attempt {}): {}", name, next.size(), delay, attempt, why);
    } else {
      LOG.debug("{}: retrying {} documents in {} ms (attempt {}): {}", name, next.size(), delay, attempt, why);
    }
    time.registerTimer(time.getCurrentProcessingTime() + delay, timestamp -> {
      if (!closed) {
        send(next);
      }
    });
  }

  private void fail(IOException failure) {
    inFlight--;
    if (fatal == null) {
      fatal = failure;
    } else {
      fatal.addSuppressed(failure);
    }
  }

  private void scheduleIntervalFlush() {
    time.registerTimer(time.getCurrentProcessingTime() + options.flushInterval().toMillis(), timestamp -> {
      if (closed) {
        return;
      }
      if (fatal == null) {
        sendBuffer(false);
      }
      scheduleIntervalFlush();
    });
  }

  private void throwIfFailed() throws IOException {
    if (fatal != null) {
      throw new IOException(fatal.getMessage(), fatal);
    }
  }
}

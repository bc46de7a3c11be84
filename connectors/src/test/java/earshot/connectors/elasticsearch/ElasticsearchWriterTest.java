package earshot.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import earshot.connectors.elasticsearch.BulkStub.ItemReply;
import earshot.connectors.elasticsearch.BulkStub.PerItem;
import earshot.connectors.elasticsearch.BulkStub.WholeRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer against a local HTTP server that answers like Elasticsearch: batching limits,
 * back-pressure, retries with backoff, dead letters and fatal answers, with the writer's mails and
 * timers run by the test thread as Flink's task thread would.
 */
class ElasticsearchWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SinkWriter.Context NO_CONTEXT = new SinkWriter.Context() {
    @Override
    public long currentWatermark() {
      return Long.MIN_VALUE;
    }

    @Override
    public Long timestamp() {
      return null;
    }
  };

  private final TestMailbox mailbox = new TestMailbox();
  private final RecordingMetricGroup metrics = new RecordingMetricGroup();
  private final RecordingRejects rejects = new RecordingRejects();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A test document: an id and an optional version, indexed into "docs". */
  record Doc(String id, Long version, String padding) {
    Doc(String id) {
      this(id, null, "");
    }
  }

  private static final DocumentEmitter<Doc> EMITTER = (doc, out) -> {
    ObjectNode source = JSON.createObjectNode().put("id", doc.id()).put("padding", doc.padding());
    out.accept(new DocumentRequest("docs", doc.id(), source, doc.version()));
  };

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
    mailbox.close();
  }

  private BulkStub stub(BulkStub.Script script) throws IOException {
    BulkStub stub = BulkStub.start(script);
    toClose.add(stub);
    return stub;
  }

  /** Fast retries, generous limits unless a test narrows them. */
  private static ElasticsearchOptions options(String url) {
    return ElasticsearchOptions.defaults(url)
        .withBulk(1000, 5L * 1024 * 1024, Duration.ofHours(1), 2)
        .withRetries(Duration.ofMillis(10), Duration.ofMillis(40), -1)
        .withRequestTimeout(Duration.ofSeconds(20));
  }

  private ElasticsearchWriter<Doc> writer(ElasticsearchOptions options) throws IOException {
    return writer(options, metrics);
  }

  private ElasticsearchWriter<Doc> writer(ElasticsearchOptions options, RecordingMetricGroup group) throws IOException {
    ElasticsearchWriter<Doc> writer = new ElasticsearchWriter<>("test sink", options, EMITTER, mailbox, mailbox,
        group, rejects);
    toClose.add(writer);
    return writer;
  }

  private static void writeAll(ElasticsearchWriter<Doc> writer, List<Doc> docs) throws Exception {
    for (Doc doc : docs) {
      writer.write(doc, NO_CONTEXT);
    }
  }

  private static List<Doc> docs(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> new Doc(prefix + i)).toList();
  }

  @Test
  void sendsABulkRequestEachTimeTheActionLimitIsReachedAndTheRestOnFlush() throws Exception {
    BulkStub stub = stub(BulkStub.ALL_OK);
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()).withBulk(3, 5L * 1024 * 1024, Duration.ofHours(1), 2));

    writeAll(writer, docs("d", 7));
    mailbox.runUntil(() -> stub.requests().size() == 2);
    writer.flush(false);

    // Two requests may be in flight at once, so they can arrive in either order.
    assertThat(stub.requests()).extracting(List::size).containsExactlyInAnyOrder(3, 3, 1);
    assertThat(stub.receivedIds()).containsExactlyInAnyOrder("d0", "d1", "d2", "d3", "d4", "d5", "d6");
    assertThat(metrics.count("earshotDocumentsSent")).isEqualTo(7);
    assertThat(metrics.recordsSend.getCount()).isEqualTo(7);
    assertThat(metrics.count("earshotDocumentsRetried")).isZero();
    assertThat(metrics.histograms.get("earshotBulkLatencyMs").getCount()).isEqualTo(3);
  }

  @Test
  void sendsABulkRequestWhenTheByteLimitIsReached() throws Exception {
    BulkStub stub = stub(BulkStub.ALL_OK);
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()).withBulk(1000, 1024, Duration.ofHours(1), 2));
    String padding = "x".repeat(400);

    writeAll(writer, IntStream.range(0, 6).mapToObj(i -> new Doc("p" + i, null, padding)).toList());
    writer.flush(false);

    // Each document is a little over 400 bytes: the third one crosses 1024 and sends the buffer.
    assertThat(stub.requests()).extracting(List::size).containsExactly(3, 3);
    assertThat(metrics.bytesSend.getCount()).isGreaterThan(6 * 400);
  }

  @Test
  void sendsWhatWaitedLongerThanTheFlushIntervalWithoutAFlush() throws Exception {
    BulkStub stub = stub(BulkStub.ALL_OK);
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()).withBulk(1000, 5L * 1024 * 1024,
        Duration.ofMillis(50), 2));

    writeAll(writer, docs("t", 2));
    mailbox.runUntil(() -> stub.requests().size() == 1);

    assertThat(stub.receivedIds()).containsExactly("t0", "t1");
  }

  @Test
  void retriesARequestAnswered503AndIndexesEveryDocumentOnce() throws Exception {
    BulkStub stub = stub((n, items) -> n == 1
        ? new WholeRequest(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]")
        : BulkStub.ALL_OK.answer(n, items));
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()));

    writeAll(writer, docs("r", 4));
    writer.flush(false);

    assertThat(stub.requests()).hasSize(2);
    assertThat(stub.requests().get(1)).extracting(BulkStub.Item::id).containsExactly("r0", "r1", "r2", "r3");
    assertThat(metrics.count("earshotDocumentsSent")).isEqualTo(4);
    assertThat(metrics.count("earshotDocumentsFailed")).isEqualTo(4);
    assertThat(metrics.count("earshotDocumentsRetried")).isEqualTo(4);
    assertThat(metrics.count("earshotBulkRequestsFailed")).isEqualTo(1);
    assertThat(rejects.rejected).isEmpty();
  }

  @Test
  void retriesOnlyTheItemsAnswered429Or5xxAndDeadLettersTheMalformedOnes() throws Exception {
    BulkStub stub = stub((n, items) -> n > 1 ? BulkStub.ALL_OK.answer(n, items) : new PerItem(List.of(
        ItemReply.ok(),
        new ItemReply(429, "es_rejected_execution_exception", "rejected execution of coordinating operation"),
        new ItemReply(400, "document_parsing_exception",
            "[1:25] failed to parse field [nps] of type [integer] in document with id 'm2'"),
        ItemReply.ok(),
        new ItemReply(503, "unavailable_shards_exception", "primary shard is not active"))));
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()));

    writeAll(writer, docs("m", 5));
    writer.flush(false);

    assertThat(stub.requests()).hasSize(2);
    assertThat(stub.requests().get(1)).extracting(BulkStub.Item::id).containsExactly("m1", "m4");
    assertThat(rejects.rejected).singleElement().satisfies(reject -> {
      assertThat(reject.id()).isEqualTo("m2");
      assertThat(reject.index()).isEqualTo("docs");
      assertThat(reject.status()).isEqualTo(400);
      assertThat(reject.reason()).startsWith("document_parsing_exception: ").contains("failed to parse field [nps]");
      assertThat(new String(reject.document(), StandardCharsets.UTF_8)).contains("\"id\":\"m2\"");
    });
    assertThat(rejects.flushes).isPositive();
    assertThat(metrics.count("earshotDocumentsSent")).isEqualTo(4);
    assertThat(metrics.count("earshotDocumentsRetried")).isEqualTo(2);
    assertThat(metrics.count("earshotDocumentsDeadLettered")).isEqualTo(1);
    assertThat(metrics.count("earshotDocumentsFailed")).isEqualTo(3);
    assertThat(metrics.recordsSendErrors.getCount()).isEqualTo(1);
  }

  @Test
  void keepsRetryingWhileTheClusterCannotBeReachedAndDeliversOnceItIsBack() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    BulkStub stub = BulkStub.stopped(port, BulkStub.ALL_OK);
    toClose.add(stub);
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()).withBulk(4, 5L * 1024 * 1024, Duration.ofHours(1), 2));

    // The fourth document fills the bulk; sending it fails to connect, and so do the retries
    // until the node comes back after the third.
    writeAll(writer, docs("c", 4));
    mailbox.runUntil(() -> metrics.count("earshotDocumentsRetried") >= 3 * 4);
    stub.restart();
    writer.flush(false);

    assertThat(stub.requests()).hasSize(1);
    assertThat(stub.receivedIds()).containsExactly("c0", "c1", "c2", "c3");
    assertThat(metrics.count("earshotBulkRequestsFailed")).isGreaterThanOrEqualTo(3);
    assertThat(metrics.count("earshotDocumentsSent")).isEqualTo(4);
  }

  @Test
  void failsAtOnceWithTheServersReasonWhenTheCredentialsAreRefused() throws Exception {
    BulkStub stub = stub((n, items) -> new WholeRequest(401, "security_exception",
        "unable to authenticate user [earshot] for REST request [/_bulk]"));
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()));

    writeAll(writer, docs("a", 2));

    assertThatThrownBy(() -> writer.flush(false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("elasticsearch.password")
        .hasMessageContaining("unable to authenticate user [earshot]");
    assertThat(stub.requests()).hasSize(1);
    assertThat(metrics.count("earshotDocumentsRetried")).isZero();
    // The failure stays: the next write fails too instead of buffering documents that cannot go anywhere.
    assertThatThrownBy(() -> writer.write(new Doc("a9"), NO_CONTEXT)).hasMessageContaining("HTTP 401");
  }

  @Test
  void failsWhenAnItemIsForbiddenInsteadOfDeadLetteringEveryDocument() throws Exception {
    BulkStub stub = stub((n, items) -> new PerItem(items.stream().map(i -> new ItemReply(403,
        "security_exception", "action [indices:data/write/bulk[s]] is unauthorized for user [reader]")).toList()));
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()));

    writeAll(writer, docs("f", 2));

    assertThatThrownBy(() -> writer.flush(false))
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("is unauthorized for user [reader]");
    assertThat(rejects.rejected).isEmpty();
  }

  @Test
  void givesUpAfterTheConfiguredRetries() throws Exception {
    BulkStub stub = stub((n, items) -> new WholeRequest(503, "master_not_discovered_exception", "no master"));
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()).withRetries(Duration.ofMillis(5),
        Duration.ofMillis(10), 2));

    writeAll(writer, docs("g", 2));

    assertThatThrownBy(() -> writer.flush(false))
        .hasMessageContaining("giving up on 2 documents after 2 retries")
        .hasMessageContaining("master_not_discovered_exception");
    assertThat(stub.requests()).hasSize(3);
  }

  @Test
  void neverHasMoreRequestsInFlightThanAllowed() throws Exception {
    BulkStub stub = stub(BulkStub.ALL_OK);
    stub.holdEachRequest(20);
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()).withBulk(1, 5L * 1024 * 1024, Duration.ofHours(1), 2));

    writeAll(writer, docs("b", 12));
    writer.flush(false);

    assertThat(stub.requests()).hasSize(12);
    assertThat(stub.mostRequestsAtOnce()).isBetween(1, 2);
    assertThat(metrics.count("earshotDocumentsSent")).isEqualTo(12);
  }

  @Test
  void writeBlocksWhileEverySlotIsTakenUntilAnAnswerFreesOne() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BulkStub stub = stub((n, items) -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return BulkStub.ALL_OK.answer(n, items);
    });
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()).withBulk(1, 5L * 1024 * 1024, Duration.ofHours(1), 1));

    writer.write(new Doc("w0"), NO_CONTEXT);
    // The only slot is taken by w0, which the server holds until this thread sees the writer waiting.
    Thread taskThread = Thread.currentThread();
    Thread releaser = new Thread(() -> {
      while (stub.requests().isEmpty() || taskThread.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
      release.countDown();
    });
    releaser.start();
    writer.write(new Doc("w1"), NO_CONTEXT);
    // write returned only after w0's answer was processed, and w1 was not sent alongside w0.
    assertThat(metrics.count("earshotDocumentsSent")).isEqualTo(1);
    writer.flush(false);
    releaser.join();

    assertThat(stub.receivedIds()).containsExactly("w0", "w1");
    assertThat(stub.mostRequestsAtOnce()).isEqualTo(1);
  }

  @Test
  void sendsVersionsAsExternalGteAndCountsAConflictAsSuperseded() throws Exception {
    BulkStub stub = stub((n, items) -> new PerItem(List.of(ItemReply.ok(), new ItemReply(409,
        "version_conflict_engine_exception", "[v2]: version conflict, current version [5] is higher than [3]"),
        new ItemReply(409, "version_conflict_engine_exception", "[plain]: version conflict, document already exists"))));
    ElasticsearchWriter<Doc> writer = writer(options(stub.url()));

    writeAll(writer, List.of(new Doc("v1", 7L, ""), new Doc("v2", 3L, ""), new Doc("plain")));
    writer.flush(false);

    assertThat(stub.requests().get(0)).extracting(BulkStub.Item::version, BulkStub.Item::versionType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(7L, "external_gte"),
            org.assertj.core.groups.Tuple.tuple(3L, "external_gte"),
            org.assertj.core.groups.Tuple.tuple(null, null));
    assertThat(metrics.count("earshotDocumentsSuperseded")).isEqualTo(1);
    // A conflict on an unversioned document is not expected from an overwrite: it is dead-lettered.
    assertThat(rejects.rejected).extracting(RecordingRejects.Reject::id).containsExactly("plain");
  }

  @Test
  void authenticatesWithBasicCredentialsOrAnApiKey() throws Exception {
    BulkStub stub = stub(BulkStub.ALL_OK);
    ElasticsearchWriter<Doc> basic = writer(options(stub.url()).withBasicAuth("earshot", "s3cret:with colon"));
    basic.write(new Doc("x"), NO_CONTEXT);
    basic.flush(false);
    ElasticsearchWriter<Doc> keyed = writer(options(stub.url()).withApiKey("aWQ6a2V5"), new RecordingMetricGroup());
    keyed.write(new Doc("y"), NO_CONTEXT);
    keyed.flush(false);
    ElasticsearchWriter<Doc> anonymous = writer(options(stub.url()), new RecordingMetricGroup());
    anonymous.write(new Doc("z"), NO_CONTEXT);
    anonymous.flush(false);

    assertThat(stub.authorizations()).containsExactly(
        "Basic " + java.util.Base64.getEncoder().encodeToString("earshot:s3cret:with colon".getBytes(StandardCharsets.UTF_8)),
        "ApiKey aWQ6a2V5",
        "(none)");
  }

  @Test
  void registersEveryMetricUnderItsDocumentedName() throws Exception {
    BulkStub stub = stub(BulkStub.ALL_OK);
    writer(options(stub.url()));

    assertThat(metrics.counters).containsOnlyKeys("earshotDocumentsSent", "earshotDocumentsSuperseded",
        "earshotDocumentsFailed", "earshotDocumentsRetried", "earshotDocumentsDeadLettered",
        "earshotBulkRequestsFailed");
    assertThat(metrics.histograms).containsOnlyKeys("earshotBulkLatencyMs");
    assertThat(metrics.gauges).containsKeys("earshotBulkRequestsInFlight", "currentSendTime");
  }

  /** Keeps what the writer rejects. */
  static final class RecordingRejects implements RejectedDocuments {
    record Reject(String index, String id, byte[] document, int status, String reason) {}

    final List<Reject> rejected = new ArrayList<>();
    int flushes;

    @Override
    public void reject(String index, String id, byte[] document, int status, String reason) {
      rejected.add(new Reject(index, id, document, status, reason));
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {}
  }
}

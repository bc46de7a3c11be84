package earshot.connectors.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that answers {@code POST /_bulk} the way Elasticsearch does, following a
 * script: for each request the script sees the request number (from 1) and its documents and
 * says how to answer, as a whole or item by item. It records every request it received and how
 * many it was handling at once. It can be stopped and started again on the same port, to stand
 * for a node that goes away.
 */
final class BulkStub implements AutoCloseable {

  /** One document of a received bulk request. */
  record Item(String index, String id, Long version, String versionType, JsonNode source) {}

  /** How to answer one request. */
  sealed interface Reply permits WholeRequest, PerItem {}

  /** The whole request fails with this status and Elasticsearch error body. */
  record WholeRequest(int status, String errorType, String reason) implements Reply {}

  /** Each item gets its status; an error type and reason for statuses of 300 and above. */
  record PerItem(List<ItemReply> items) implements Reply {}

  record ItemReply(int status, String errorType, String reason) {
    static ItemReply ok() {
      return new ItemReply(201, null, null);
    }
  }

  @FunctionalInterface
  interface Script {
    Reply answer(int requestNumber, List<Item> items);
  }

  /** Every item indexed. */
  static final Script ALL_OK = (n, items) -> new PerItem(items.stream().map(i -> ItemReply.ok()).toList());

  private static final ObjectMapper JSON = new ObjectMapper();

  private int port;
  private volatile Script script;
  private volatile long holdMillis;
  private final List<List<Item>> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger handling = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private HttpServer server;
  private ExecutorService executor;

  private BulkStub(int port, Script script) {
    this.port = port;
    this.script = script;
  }

  /** A stub on a free port, started. */
  static BulkStub start(Script script) throws IOException {
    BulkStub stub = new BulkStub(0, script);
    stub.restart();
    return stub;
  }

  /** A stub for a port that nothing listens on yet; call {@link #restart} to open it. */
  static BulkStub stopped(int port, Script script) {
    return new BulkStub(port, script);
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  void script(Script next) {
    this.script = next;
  }

  /** Keeps each request this long before answering, so that requests overlap. */
  void holdEachRequest(long millis) {
    this.holdMillis = millis;
  }

  List<List<Item>> requests() {
    return List.copyOf(requests);
  }

  /** Ids of every document received, in order, retries included. */
  List<String> receivedIds() {
    return requests.stream().flatMap(List::stream).map(Item::id).toList();
  }

  /** The Authorization header of each request, "(none)" when absent. */
  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  int mostRequestsAtOnce() {
    return mostAtOnce.get();
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** Listens again, on the same port as before (a free one the first time). */
  synchronized void restart() throws IOException {
    if (server == null) {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      executor = Executors.newCachedThreadPool();
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
      port = server.getAddress().getPort();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/_bulk")) {
        respond(exchange, 405, error("illegal_argument_exception", "the stub only answers POST /_bulk", 405));
        return;
      }
      int now = handling.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      try {
        List<Item> items = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "(none)" : authorization);
        requests.add(items);
        int number = requests.size();
        if (holdMillis > 0) {
          Thread.sleep(holdMillis);
        }
        Reply reply = script.answer(number, items);
        if (reply instanceof WholeRequest whole) {
          respond(exchange, whole.status(), error(whole.errorType(), whole.reason(), whole.status()));
        } else if (reply instanceof PerItem perItem) {
          respond(exchange, 200, bulkResponse(items, perItem.items()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        handling.decrementAndGet();
      }
    }
  }

  private static List<Item> parse(String body) throws IOException {
    List<Item> items = new ArrayList<>();
    String[] lines = body.split("\n");
    for (int i = 0; i + 1 < lines.length; i += 2) {
      JsonNode action = JSON.readTree(lines[i]).path("index");
      JsonNode source = JSON.readTree(lines[i + 1]);
      items.add(new Item(action.path("_index").asText(), action.path("_id").asText(),
          action.has("version") ? action.path("version").asLong() : null,
          action.has("version_type") ? action.path("version_type").asText() : null, source));
    }
    return items;
  }

  private static String bulkResponse(List<Item> items, List<ItemReply> replies) {
    if (replies.size() != items.size()) {
      throw new IllegalStateException("script answered " + replies.size() + " items for " + items.size());
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("took", 1);
    response.put("errors", replies.stream().anyMatch(r -> r.status() >= 300));
    ArrayNode array = response.putArray("items");
    for (int i = 0; i < items.size(); i++) {
      ItemReply reply = replies.get(i);
      ObjectNode item = array.addObject().putObject("index");
      item.put("_index", items.get(i).index());
      item.put("_id", items.get(i).id());
      item.put("status", reply.status());
      if (reply.status() < 300) {
        item.put("_version", 1);
        item.put("result", "created");
        item.putObject("_shards").put("total", 1).put("successful", 1).put("failed", 0);
        item.put("_seq_no", i);
        item.put("_primary_term", 1);
      } else {
        ObjectNode error = item.putObject("error");
        error.put("type", reply.errorType());
        error.put("reason", reply.reason());
      }
    }
    return response.toString();
  }

  private static String error(String type, String reason, int status) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.putArray("root_cause").addObject().put("type", type).put("reason", reason);
    error.put("type", type);
    error.put("reason", reason);
    body.put("status", status);
    return body.toString();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

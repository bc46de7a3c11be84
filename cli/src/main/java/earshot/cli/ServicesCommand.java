package earshot.cli;

import earshot.deploy.services.LocalService;
import earshot.deploy.services.LocalServices;
import java.util.List;
import java.util.Set;

/** {@code ./earshot services start|stop|status}: the local Kafka and Elasticsearch. */
final class ServicesCommand implements Command {

  @Override
  public String name() {
    return "services";
  }

  @Override
  public String summary() {
    return "start, stop or show the local Kafka and Elasticsearch";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot services start|stop|status

          start   fetch (through Maven, cached), configure and start a single-node Kafka (KRaft)
                  and Elasticsearch on 127.0.0.1; does nothing for a service already running
          stop    stop them
          status  show each service's state, address and log

        Data, configuration and logs live under .earshot/services (or EARSHOT_DATA_DIR).
        Ports: EARSHOT_KAFKA_PORT (9092), EARSHOT_KAFKA_CONTROLLER_PORT (9093),
               EARSHOT_ES_PORT (9200), EARSHOT_ES_TRANSPORT_PORT (9300).
        With EARSHOT_KAFKA_BOOTSTRAP or EARSHOT_ES_URL set, that service is external and
        is neither started nor stopped.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of(), Set.of());
    String action = args.choice("action", Set.of("start", "stop", "status"));
    LocalServices services = cli.services();
    switch (action) {
      case "start" -> {
        for (LocalService service : services.managed()) {
          if (!service.isRunning()) {
            cli.out.println("Starting " + service.name() + " (the first start fetches it through Maven) ...");
          }
        }
        services.notes().forEach(cli.out::println);
        long begin = System.nanoTime();
        services.start();
        cli.out.printf("Services ready in %.0f s:%n", (System.nanoTime() - begin) / 1e9);
        services.status().forEach(line -> cli.out.println("  " + line));
      }
      case "stop" -> {
        services.stop();
        cli.out.println("Stopped.");
        services.status().forEach(line -> cli.out.println("  " + line));
      }
      default -> services.status().forEach(cli.out::println);
    }
    return 0;
  }
}

package earshot.cli;

import earshot.connectors.kafka.KafkaConnection;
import earshot.deploy.provision.IndexTemplates;
import earshot.deploy.services.LocalServices;
import earshot.jobs.config.EarshotConfig;
import earshot.lab.bench.PipelineBenchmark;
import earshot.lab.generator.InteractionGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the pipeline benchmark borrows from the command line: the same provisioning, producing and
 * Kafka clients the demo and {@code setup} use, and the local services' processes whose CPU time it
 * measures. (The lab may not depend on the command line, so the benchmark asks for them through
 * {@link PipelineBenchmark.Tools}.)
 */
final class BenchTools implements PipelineBenchmark.Tools {

  private final LocalServices services;

  BenchTools(LocalServices services) {
    this.services = services;
  }

  @Override
  public Map<String, ProcessHandle> serviceProcesses() {
    Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    for (var service : services.managed()) {
      service.process().ifPresent(process -> processes.put(service.name(), process));
    }
    return processes;
  }

  @Override
  public void provision(EarshotConfig config) throws Exception {
    Provisioning.apply(config);
  }

  @Override
  public IndexTemplates.ElasticsearchHttp elasticsearch(EarshotConfig config) throws IOException {
    return Provisioning.elasticsearchHttp(config);
  }

  @Override
  public long produce(InteractionGenerator generator, KafkaConnection kafka, String topic, long limit) {
    return InteractionProducer.send(generator, kafka, topic, limit);
  }

  @Override
  public KafkaProducer<byte[], byte[]> producer(KafkaConnection kafka) {
    return KafkaTools.producer(kafka);
  }

  @Override
  public List<ConsumerRecord<byte[], byte[]>> readFrom(KafkaConnection kafka, String topic,
      Map<TopicPartition, Long> from) {
    return KafkaTools.readFrom(kafka, topic, from);
  }
}

package earshot.connectors.elasticsearch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** A sink writer metric group that keeps what is registered, so tests can read the values. */
final class RecordingMetricGroup extends UnregisteredMetricsGroup implements SinkWriterMetricGroup {

  final Map<String, Counter> counters = new ConcurrentHashMap<>();
  final Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();
  final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
  final Counter recordsSend = new SimpleCounter();
  final Counter bytesSend = new SimpleCounter();
  final Counter recordsSendErrors = new SimpleCounter();

  @Override
  public Counter counter(String name) {
    return counter(name, new SimpleCounter());
  }

  @Override
  public <C extends Counter> C counter(String name, C counter) {
    if (counters.putIfAbsent(name, counter) != null) {
      throw new IllegalStateException("counter registered twice: " + name);
    }
    return counter;
  }

  @Override
  public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
    gauges.put(name, gauge);
    return gauge;
  }

  @Override
  public <H extends Histogram> H histogram(String name, H histogram) {
    histograms.put(name, histogram);
    return histogram;
  }

  long count(String name) {
    Counter counter = counters.get(name);
    if (counter == null) {
      throw new IllegalArgumentException("no counter " + name + " among " + counters.keySet());
    }
    return counter.getCount();
  }

  @Override
  public OperatorIOMetricGroup getIOMetricGroup() {
    return UnregisteredMetricsGroup.createOperatorIOMetricGroup();
  }

  @Override
  public Counter getNumRecordsOutErrorsCounter() {
    return recordsSendErrors;
  }

  @Override
  public Counter getNumRecordsSendErrorsCounter() {
    return recordsSendErrors;
  }

  @Override
  public Counter getNumRecordsSendCounter() {
    return recordsSend;
  }

  @Override
  public Counter getNumBytesSendCounter() {
    return bytesSend;
  }

  @Override
  public void setCurrentSendTimeGauge(Gauge<Long> gauge) {
    gauges.put("currentSendTime", gauge);
  }
}

package earshot.jobs.detect;

/** Baselines of the service-level detector: wait time and transfer rate. A Flink POJO. */
public class ServiceLevelState {
  public MeanBaseline wait = new MeanBaseline();
  public ProportionBaseline transfers = new ProportionBaseline();

  public ServiceLevelState() {}
}

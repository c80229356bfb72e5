// Runs exchange-core's own single-pair exchange throughput test (its PerfThroughput
// testThroughputExchange configuration: one matching and one risk engine, a 32 Ki ring, the
// single-pair data set of 3 M commands, 2,000 accounts, 1,000 resting orders) for a few
// iterations instead of 50. Launched by bench/side-by-side.sh as a single-file program against a
// copy of exchange-core that the user built outside this repository; exchange-core logs
// "<i>. <x> MT/s" per iteration and "Average: <x> MT/s".
import exchange.core2.core.common.config.InitialStateConfiguration;
import exchange.core2.core.common.config.PerformanceConfiguration;
import exchange.core2.core.common.config.SerializationConfiguration;
import exchange.core2.tests.util.TestDataParameters;
import exchange.core2.tests.util.ThroughputTestsModule;

public final class ExchangeCoreThroughput {
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ThroughputTestsModule.throughputTestImpl(
        PerformanceConfiguration.throughputPerformanceBuilder()
            .ringBufferSize(32 * 1024)
            .matchingEnginesNum(1)
            .riskEnginesNum(1)
            .build(),
        TestDataParameters.singlePairExchangeBuilder().build(),
        InitialStateConfiguration.CLEAN_TEST,
        SerializationConfiguration.DEFAULT,
        iterations);
  }
}

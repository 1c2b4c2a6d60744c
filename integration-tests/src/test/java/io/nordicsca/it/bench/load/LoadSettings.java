package io.nordicsca.it.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The knobs of a load run, as -D properties, with defaults that keep both targets under about 25 minutes. */
record LoadSettings(String rates, int stepSeconds, int warmUpSeconds, double warmUpRate, List<String> flows,
                    int customersPerFlow, int crossNodeSamples) {

    static LoadSettings fromSystemProperties() {
        return new LoadSettings(
                System.getProperty("bench.load.rates"),
                Integer.getInteger("bench.load.seconds", 15),
                Integer.getInteger("bench.load.warmUpSeconds", 15),
                Double.parseDouble(System.getProperty("bench.load.warmUpRate", "3")),
                Arrays.stream(System.getProperty("bench.load.flows", "password,otp,code-card,sms,app").split(",")).map(String::trim).toList(),
                Integer.getInteger("bench.load.customers", 400),
                Integer.getInteger("bench.load.crossNodeSamples", 100));
    }

    /** Rates stepping up to where each target saturates on the 2-vCPU machine (a first run: one node pinned to one CPU still kept up with 10 logins/s). */
    private static final Map<String, String> DEFAULT_RATES = Map.of("1-node", "4,8,12,16,20,24,28", "2-nodes", "6,12,18,24,30,36");

    /**
     * The rates for this target, logins per second: {@code bench.load.rates.<target, dashes for spaces>}
     * (e.g. bench.load.rates.2-nodes), else {@code bench.load.rates}, else the defaults.
     */
    List<Double> rates(String target) {
        String key = target.replace(' ', '-');
        String own = System.getProperty("bench.load.rates." + key);
        return parse(own != null ? own : rates != null ? rates : DEFAULT_RATES.getOrDefault(key, "3,5,6,7,8,10,12,14"));
    }

    double maxRate(String target) {
        return rates(target).stream().mapToDouble(Double::doubleValue).max().orElse(1);
    }

    private static List<Double> parse(String rates) {
        return Arrays.stream(rates.split(",")).map(String::trim).map(Double::valueOf).toList();
    }

    String describe() {
        return "rates per target below, " + stepSeconds + " s per rate, " + warmUpSeconds + " s warm-up per flow at "
                + warmUpRate + "/s, " + customersPerFlow + " customers per flow";
    }
}

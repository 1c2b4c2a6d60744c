package io.nordicsca.it.bench.load;

import java.util.Arrays;
import java.util.List;

/** The knobs of a load run, as -D properties, with defaults that keep both targets under about 25 minutes. */
record LoadSettings(List<Double> rates, int stepSeconds, int warmUpSeconds, double warmUpRate, List<String> flows,
                    int customersPerFlow, int crossNodeSamples) {

    static LoadSettings fromSystemProperties() {
        return new LoadSettings(
                Arrays.stream(System.getProperty("bench.load.rates", "2,4,6,8,10,13,16,20").split(",")).map(String::trim).map(Double::valueOf).toList(),
                Integer.getInteger("bench.load.seconds", 15),
                Integer.getInteger("bench.load.warmUpSeconds", 10),
                Double.parseDouble(System.getProperty("bench.load.warmUpRate", "3")),
                Arrays.stream(System.getProperty("bench.load.flows", "password,otp,code-card,sms,app").split(",")).map(String::trim).toList(),
                Integer.getInteger("bench.load.customers", 400),
                Integer.getInteger("bench.load.crossNodeSamples", 100));
    }

    double maxRate() {
        return rates.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    }

    String describe() {
        return "rates " + rates + " logins/s, " + stepSeconds + " s per rate, " + warmUpSeconds + " s warm-up per flow at "
                + warmUpRate + "/s, " + customersPerFlow + " customers per flow";
    }
}

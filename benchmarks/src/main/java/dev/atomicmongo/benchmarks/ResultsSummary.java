package dev.atomicmongo.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;

/**
 * Prints a Markdown summary of one {@code benchmarks/run}: the JMH JSON results ({@code -rf json})
 * and the side file of lost updates, with the ratios atomic-mongo / driver.
 *
 * <pre>{@code
 * java -cp ... dev.atomicmongo.benchmarks.ResultsSummary results/short-jmh.json results/short-lost-updates.jsonl
 * }</pre>
 */
public final class ResultsSummary {
    private static final String PACKAGE = "dev.atomicmongo.benchmarks.";

    private final Map<String, BsonDocument> results = new LinkedHashMap<>();
    private final Map<String, BsonDocument> lost = new LinkedHashMap<>();

    private ResultsSummary() {
    }

    /**
     * Reads the JMH JSON file and, if given, the lost-updates file, and prints the summary.
     *
     * @param args the JMH JSON file, then optionally the JSON-lines side file
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ResultsSummary <jmh-results.json> [lost-updates.jsonl]");
            System.exit(2);
        }
        ResultsSummary summary = new ResultsSummary();
        for (BsonValue result : BsonArray.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8))) {
            BsonDocument doc = result.asDocument();
            String name = doc.getString("benchmark").getValue().replace(PACKAGE, "");
            for (Map.Entry<String, BsonValue> param : doc.getDocument("params", new BsonDocument()).entrySet()) {
                name += "[" + param.getKey() + "=" + param.getValue().asString().getValue() + "]";
            }
            summary.results.put(name, doc);
        }
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    BsonDocument doc = BsonDocument.parse(line);
                    summary.lost.put(doc.getString("benchmark").getValue().replace(PACKAGE, ""), doc);
                }
            }
        }
        System.out.print(summary.render());
    }

    private String render() {
        StringBuilder out = new StringBuilder();
        out.append("### Compile cost: 5 operators + 3 conditions (one field-vs-field) to BsonDocuments\n\n");
        out.append("| case | atomic-mongo | driver | ratio (target <= 1.0) |\n|---|---:|---:|---:|\n");
        compileRow(out, "build + compile, ns/op", "atomicMongoBuildAndCompile", "driverBuildAndRender", false);
        compileRow(out, "build + compile, B/op", "atomicMongoBuildAndCompile", "driverBuildAndRender", true);
        compileRow(out, "build + compile, ns/op, driver's $expr as BsonDocument", "atomicMongoBuildAndCompile",
                "driverBuildAndRenderBsonExpr", false);
        compileRow(out, "build + compile, B/op, driver's $expr as BsonDocument", "atomicMongoBuildAndCompile",
                "driverBuildAndRenderBsonExpr", true);
        compileRow(out, "compile prebuilt, ns/op", "atomicMongoCompilePrebuilt", "driverRenderPrebuilt", false);
        compileRow(out, "compile prebuilt, B/op", "atomicMongoCompilePrebuilt", "driverRenderPrebuilt", true);

        out.append("\n### Build + compile of N $set fields, against Updates.combine(Updates.set(...)...)\n\n");
        out.append("| case | atomic-mongo | driver | ratio (target <= 0.5) |\n|---|---:|---:|---:|\n");
        for (String fields : new String[] {"5", "50", "200"}) {
            String ours = "FieldCountBenchmark.atomicMongo[fields=" + fields + "]";
            String driver = "FieldCountBenchmark.driver[fields=" + fields + "]";
            row(out, fields + " fields, ns/op", results.get(ours), results.get(driver), false);
            row(out, fields + " fields, B/op", results.get(ours), results.get(driver), true);
        }

        out.append("\n### hashCode and equals of a five-operator update (target: hashCode under 1 us)\n\n");
        out.append("| case | ns/op | B/op |\n|---|---:|---:|\n");
        for (String name : new String[] {"hashCodeOfPrebuilt", "buildAndHashCode", "buildOnly", "equalsOfTwins"}) {
            BsonDocument result = results.get("HashCodeBenchmark." + name);
            out.append("| ").append(name).append(" | ").append(result == null ? "not run" : scoreWithError(result))
                    .append(" | ").append(result == null ? "" : allocated(result)).append(" |\n");
        }

        out.append("\n### End to end: one updateOne round trip\n\n");
        out.append("| case | atomic-mongo | driver | ratio (target <= 1.03) |\n|---|---:|---:|---:|\n");
        BsonDocument pair = results.get("EndToEndBenchmark.interleavedPair");
        if (pair != null) {
            out.append(pairRows(pair));
        }
        BsonDocument ours = results.get("EndToEndBenchmark.atomicMongoUpdateOne");
        BsonDocument driver = results.get("EndToEndBenchmark.driverUpdateOne");
        if (ours != null && driver != null) {
            out.append("| separate benchmarks, one after the other, ").append(unit(ours)).append(" | ")
                    .append(scoreWithError(ours)).append(" | ").append(scoreWithError(driver)).append(" | ")
                    .append(timeRatio(ours, driver)).append(" |\n");
            out.append("| separate benchmarks, B/op (client and in-process server) | ").append(allocated(ours))
                    .append(" | ").append(allocated(driver)).append(" | ")
                    .append(ratio(allocation(ours), allocation(driver))).append(" |\n");
        }
        if (pair == null && (ours == null || driver == null)) {
            out.append("| updateOne | not run | not run | |\n");
        }

        out.append("\n### Contention: threads incrementing one counter\n\n");
        out.append("| way | threads | throughput | increments done | stored value | lost updates | retries | torn reads |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String name : new String[] {"atomicInc", "readModifyWrite", "versionedReadModifyWrite"}) {
            String key = "ContentionBenchmark." + name;
            BsonDocument result = results.get(key);
            BsonDocument side = lost.get(key);
            out.append("| ").append(name).append(" | ")
                    .append(result == null ? "" : String.valueOf(result.getInt32("threads").getValue())).append(" | ")
                    .append(result == null ? "not run" : scoreWithError(result) + " " + unit(result)).append(" | ")
                    .append(side == null ? "" : side.get("incrementsDone").asNumber().longValue()).append(" | ")
                    .append(side == null ? "" : side.get("storedValue").asNumber().longValue()).append(" | ")
                    .append(side == null ? "" : side.get("lostUpdates").asNumber().longValue()).append(" | ")
                    .append(side == null ? "" : side.get("retries").asNumber().longValue()).append(" | ")
                    .append(side == null || !name.startsWith("versioned") ? "" : side.get("tornReads", new BsonInt64(0))
                            .asNumber().longValue()).append(" |\n");
        }
        return out.toString();
    }

    /** The interleaved pair: per-iteration medians and totals of each side, and their ratios with their range. */
    private static String pairRows(BsonDocument pair) {
        BsonDocument secondary = pair.getDocument("secondaryMetrics", new BsonDocument());
        return pairRow(secondary, "interleaved pairs, median us per call", "MedianNanos", 1)
                + pairRow(secondary, "interleaved pairs, mean us per call", "Nanos", score(pair) / 2);
    }

    private static String pairRow(BsonDocument secondary, String label, String suffix, double scale) {
        BsonDocument ours = secondary.getDocument("atomicMongo" + suffix, null);
        BsonDocument driver = secondary.getDocument("driver" + suffix, null);
        if (ours == null || driver == null) {
            return "| " + label + " | not measured | | |\n";
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        int n = 0;
        BsonArray oursForks = ours.getArray("rawData");
        BsonArray driverForks = driver.getArray("rawData");
        for (int fork = 0; fork < oursForks.size(); fork++) {
            BsonArray a = oursForks.get(fork).asArray();
            BsonArray b = driverForks.get(fork).asArray();
            for (int i = 0; i < a.size(); i++) {
                double r = number(a.get(i)) / number(b.get(i));
                min = Math.min(min, r);
                max = Math.max(max, r);
                n++;
            }
        }
        double oursTotal = number(ours.get("score"));
        double driverTotal = number(driver.get("score"));
        String oursValue;
        String driverValue;
        if (suffix.equals("MedianNanos")) {
            oursValue = format(oursTotal / n / 1000);
            driverValue = format(driverTotal / n / 1000);
        } else {
            // totals: share the measured pair time in proportion
            oursValue = format(2 * scale * oursTotal / (oursTotal + driverTotal));
            driverValue = format(2 * scale * driverTotal / (oursTotal + driverTotal));
        }
        return "| " + label + " | " + oursValue + " | " + driverValue + " | " + ratio(oursTotal, driverTotal)
                + String.format(Locale.ROOT, " (per iteration %.3f to %.3f, n=%d)", min, max, n) + " |\n";
    }

    private void compileRow(StringBuilder out, String label, String oursName, String driverName, boolean bytes) {
        row(out, label, results.get("CompileBenchmark." + oursName), results.get("CompileBenchmark." + driverName), bytes);
    }

    private static void row(StringBuilder out, String label, BsonDocument ours, BsonDocument driver, boolean bytes) {
        out.append("| ").append(label).append(" | ");
        if (ours == null || driver == null) {
            out.append("not run | not run | |\n");
            return;
        }
        if (bytes) {
            out.append(allocated(ours)).append(" | ").append(allocated(driver)).append(" | ")
                    .append(ratio(allocation(ours), allocation(driver)));
        } else {
            out.append(scoreWithError(ours)).append(" | ").append(scoreWithError(driver)).append(" | ")
                    .append(timeRatio(ours, driver));
        }
        out.append(" |\n");
    }

    private static double score(BsonDocument result) {
        return number(result.getDocument("primaryMetric").get("score"));
    }

    private static String unit(BsonDocument result) {
        return result.getDocument("primaryMetric").getString("scoreUnit").getValue();
    }

    private static String scoreWithError(BsonDocument result) {
        BsonDocument metric = result.getDocument("primaryMetric");
        double error = number(metric.get("scoreError"));
        return format(number(metric.get("score"))) + (Double.isNaN(error) ? "" : " ± " + format(error));
    }

    /** The GC profiler's normalised allocation rate, B/op, or NaN when run without {@code -prof gc}. */
    private static double allocation(BsonDocument result) {
        BsonDocument secondary = result.getDocument("secondaryMetrics", new BsonDocument());
        for (Map.Entry<String, BsonValue> e : secondary.entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return number(e.getValue().asDocument().get("score"));
            }
        }
        return Double.NaN;
    }

    private static String allocated(BsonDocument result) {
        double bytes = allocation(result);
        return Double.isNaN(bytes) ? "(run with -prof gc)" : format(bytes);
    }

    private static double number(BsonValue value) {
        if (value == null) {
            return Double.NaN;
        }
        if (value.isNumber()) {
            return value.asNumber().doubleValue();
        }
        try {
            return Double.parseDouble(value.asString().getValue());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String ratio(double ours, double driver) {
        return Double.isNaN(ours) || Double.isNaN(driver) || driver == 0 ? "" : String.format(Locale.ROOT, "%.2f", ours / driver);
    }

    /** The ratio of the two scores, with its error propagated from the two 99.9% confidence intervals. */
    private static String timeRatio(BsonDocument ours, BsonDocument driver) {
        double a = score(ours);
        double b = score(driver);
        String ratio = ratio(a, b);
        double ea = number(ours.getDocument("primaryMetric").get("scoreError"));
        double eb = number(driver.getDocument("primaryMetric").get("scoreError"));
        if (ratio.isEmpty() || Double.isNaN(ea) || Double.isNaN(eb)) {
            return ratio;
        }
        double relative = Math.sqrt((ea / a) * (ea / a) + (eb / b) * (eb / b));
        return ratio + String.format(Locale.ROOT, " ± %.2f", a / b * relative);
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}

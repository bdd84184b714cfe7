package dev.atomicmongo.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What building and compiling one update costs, against the driver's {@code Updates}/{@code Filters}
 * for the same BSON: five operators ({@code $inc}, {@code $addToSet}, {@code $set}, {@code $max},
 * {@code $currentDate}) and a filter of three conditions, one comparing two fields ({@code $expr}).
 * Both sides encode with the driver's default codec registry, the one a default collection has.
 * Run with {@code -prof gc} for bytes allocated per operation.
 *
 * <p>The {@code *Build*} benchmarks build the update and filter and compile them, as code that
 * writes its update inline does on every call; the {@code *Render*} benchmarks compile an update
 * and filter built once, as a reused template does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class CompileBenchmark {
    private CodecRegistry registry;
    private ObjectId eventId;
    private String user;
    private int peak;
    private Bson prebuiltFilter;
    private UpdateBuilder prebuiltUpdate;
    private Bson prebuiltDriverFilter;
    private Bson prebuiltDriverUpdate;

    /** Fixes the inputs and checks that both sides compile to the same BSON, so the race is fair. */
    @Setup
    public void setUp() {
        registry = MongoClientSettings.getDefaultCodecRegistry();
        eventId = new ObjectId();
        user = "user-42";
        peak = 17;
        prebuiltFilter = ours();
        prebuiltUpdate = ourUpdate();
        prebuiltDriverFilter = driverFilter();
        prebuiltDriverUpdate = driverUpdate();
        requireSame("filter", render(prebuiltFilter), render(prebuiltDriverFilter));
        requireSame("filter", render(prebuiltFilter), render(driverFilterBsonExpr()));
        requireSame("update", render(prebuiltUpdate), render(prebuiltDriverUpdate));
    }

    /** atomic-mongo: build the filter and the update, then compile both. */
    @Benchmark
    public void atomicMongoBuildAndCompile(Blackhole bh) {
        bh.consume(ours().toBsonDocument(BsonDocument.class, registry));
        bh.consume(ourUpdate().toBsonDocument(BsonDocument.class, registry));
    }

    /** The driver: build {@code Filters.and(...)} and {@code Updates.combine(...)}, then render both. */
    @Benchmark
    public void driverBuildAndRender(Blackhole bh) {
        bh.consume(driverFilter().toBsonDocument(BsonDocument.class, registry));
        bh.consume(driverUpdate().toBsonDocument(BsonDocument.class, registry));
    }

    /**
     * The driver again, with the cheapest spelling of the {@code $expr}: a hand-built
     * {@code BsonDocument} instead of a {@code Document}, which skips the codec lookup.
     */
    @Benchmark
    public void driverBuildAndRenderBsonExpr(Blackhole bh) {
        bh.consume(driverFilterBsonExpr().toBsonDocument(BsonDocument.class, registry));
        bh.consume(driverUpdate().toBsonDocument(BsonDocument.class, registry));
    }

    /** atomic-mongo: compile a filter and an update built once. */
    @Benchmark
    public void atomicMongoCompilePrebuilt(Blackhole bh) {
        bh.consume(prebuiltFilter.toBsonDocument(BsonDocument.class, registry));
        bh.consume(prebuiltUpdate.toBsonDocument(BsonDocument.class, registry));
    }

    /** The driver: render a filter and an update built once. */
    @Benchmark
    public void driverRenderPrebuilt(Blackhole bh) {
        bh.consume(prebuiltDriverFilter.toBsonDocument(BsonDocument.class, registry));
        bh.consume(prebuiltDriverUpdate.toBsonDocument(BsonDocument.class, registry));
    }

    private Condition ours() {
        return Conditions.and(
                Conditions.eq("_id", eventId),
                Conditions.ne("registrations", user),
                Conditions.field("sold").lt(Conditions.field("capacity")));
    }

    private UpdateBuilder ourUpdate() {
        return UpdateBuilder.update()
                .inc("sold", 1)
                .addToSet("registrations", user)
                .set("lastBookedBy", user)
                .max("peak", peak)
                .currentDate("updatedAt");
    }

    private Bson driverFilter() {
        return Filters.and(
                Filters.eq("_id", eventId),
                Filters.ne("registrations", user),
                Filters.expr(new Document("$lt", List.of("$sold", "$capacity"))));
    }

    private Bson driverFilterBsonExpr() {
        return Filters.and(
                Filters.eq("_id", eventId),
                Filters.ne("registrations", user),
                Filters.expr(new BsonDocument("$lt",
                        new BsonArray(List.of(new BsonString("$sold"), new BsonString("$capacity"))))));
    }

    private Bson driverUpdate() {
        return Updates.combine(
                Updates.inc("sold", 1),
                Updates.addToSet("registrations", user),
                Updates.set("lastBookedBy", user),
                Updates.max("peak", peak),
                Updates.currentDate("updatedAt"));
    }

    private BsonDocument render(Bson bson) {
        return bson.toBsonDocument(BsonDocument.class, registry);
    }

    private static void requireSame(String what, BsonDocument ours, BsonDocument driver) {
        if (!ours.equals(driver)) {
            throw new IllegalStateException("The two sides compile different " + what + "s: " + ours.toJson()
                    + " vs " + driver.toJson());
        }
    }
}

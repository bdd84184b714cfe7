package dev.atomicmongo.collection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;

/**
 * Runs a bulk write and classifies its items: one {@code bulkWrite} (split by the driver at the
 * server's batch and message limits, indexes kept), then, only when some conditional update did
 * not match or an insert-once found its key, one {@code aggregate} reading the documents by their
 * identities ({@code $in} per identity field) and testing each refused candidate's condition
 * ({@code $facet}).
 */
final class BulkRunner<T> {
    /** The most items one call takes: the default {@code maxWriteBatchSize} of the server. */
    static final int MAX_ITEMS = 100_000;

    private final MongoCollection<T> collection;
    private final ClientSession session;
    private final String operation;

    BulkRunner(MongoCollection<T> collection, ClientSession session) {
        this.collection = collection;
        this.session = session;
        this.operation = "bulkWrite on " + collection.getNamespace();
    }

    /** Checks the list as a bulk takes it; returns a copy. */
    static List<BulkItem> validate(List<? extends BulkItem> items) {
        Objects.requireNonNull(items, "items");
        if (items.isEmpty()) {
            throw new IllegalArgumentException("bulkWrite: the list of items is empty; there is nothing to write");
        }
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("bulkWrite: " + items.size() + " items, more than the " + MAX_ITEMS
                    + " one call takes; split the list");
        }
        List<BulkItem> copy = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            BulkItem item = items.get(i);
            if (item == null) {
                throw new NullPointerException("items[" + i + "]");
            }
            copy.add(item);
        }
        return copy;
    }

    BulkResult<T> run(List<BulkItem> items, BulkOrder order) {
        List<WriteModel<BsonDocument>> models = new ArrayList<>(items.size());
        for (BulkItem item : items) {
            models.add(model(item));
        }
        BulkWriteOptions options = new BulkWriteOptions().ordered(order == BulkOrder.ORDERED);
        MongoCollection<BsonDocument> raw = collection.withDocumentClass(BsonDocument.class);
        BulkWriteResult result;
        List<BulkWriteError> errors = List.of();
        MongoBulkWriteException failure = null;
        try {
            result = session == null ? raw.bulkWrite(models, options) : raw.bulkWrite(session, models, options);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw Errors.translate(operation, e);
            }
            failure = e;
            result = e.getWriteResult();
            errors = e.getWriteErrors();
        } catch (RuntimeException e) {
            throw Errors.translateAny(operation, e);
        }
        if (!result.wasAcknowledged()) {
            throw new IllegalStateException("The bulk write was unacknowledged (write concern w:0), so its outcomes "
                    + "are unknown; use an acknowledged write concern with AtomicCollection");
        }
        return classify(items, order, result, errors, failure);
    }

    private static WriteModel<BsonDocument> model(BulkItem item) {
        if (item instanceof BulkItem.InsertOnce once) {
            return new UpdateOneModel<>(once.filter(), new BsonDocument("$setOnInsert", once.document()),
                    new UpdateOptions().upsert(true));
        }
        Command command = item instanceof BulkItem.UpdateIf c ? c.command() : ((BulkItem.Upsert) item).command();
        UpdateOptions options = new UpdateOptions().upsert(item instanceof BulkItem.Upsert);
        if (command.update() instanceof CompiledUpdate.Operators ops) {
            if (!ops.arrayFilters().isEmpty()) {
                options.arrayFilters(ops.arrayFilters());
            }
            return new UpdateOneModel<>(command.filter(), ops.document(), options);
        }
        return new UpdateOneModel<>(command.filter(), command.pipeline().stages(), options);
    }

    @SuppressWarnings("unchecked")
    private BulkResult<T> classify(List<BulkItem> items, BulkOrder order, BulkWriteResult result,
                                   List<BulkWriteError> errors, MongoBulkWriteException failure) {
        int n = items.size();
        BulkOutcome<T>[] out = new BulkOutcome[n];
        Map<Integer, BulkWriteError> errorAt = new HashMap<>();
        int firstError = n;
        for (BulkWriteError error : errors) {
            errorAt.put(error.getIndex(), error);
            firstError = Math.min(firstError, error.getIndex());
        }
        Map<Integer, BsonValue> upsertedAt = new HashMap<>();
        for (BulkWriteUpsert upsert : result.getUpserts()) {
            upsertedAt.put(upsert.getIndex(), upsert.getId());
        }
        long matched = result.getMatchedCount();
        List<Integer> candidates = new ArrayList<>();
        List<Integer> insertOnceReads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BulkItem item = items.get(i);
            BulkWriteError error = errorAt.get(i);
            if (order == BulkOrder.ORDERED && i > firstError) {
                out[i] = new BulkOutcome.NotAttempted<>(firstError);
            } else if (error != null) {
                AtomicMongoException translated = Errors.translate(operation + " (item " + i + ")",
                        new MongoWriteException(error, failure.getServerAddress(), failure.getErrorLabels()));
                if (translated instanceof DuplicateKeyException dup && item instanceof BulkItem.InsertOnce once
                        && dup.keyValue().map(key -> FilterChecks.pinsKey(once.filter(), key)).orElse(true)) {
                    insertOnceReads.add(i);   // lost a race to a concurrent insert of its key: read who won
                    out[i] = new BulkOutcome.DuplicateKey<>(dup);
                } else if (translated instanceof DuplicateKeyException dup) {
                    out[i] = new BulkOutcome.DuplicateKey<>(dup);
                } else {
                    out[i] = new BulkOutcome.WriteFailed<>((MongoOperationException) translated);
                }
            } else if (upsertedAt.containsKey(i)) {
                out[i] = new BulkOutcome.Inserted<>(upsertedAt.get(i));
            } else if (item instanceof BulkItem.Upsert) {
                out[i] = new BulkOutcome.Applied<>();
                matched--;
            } else if (item instanceof BulkItem.InsertOnce) {
                matched--;
                insertOnceReads.add(i);
            } else {
                candidates.add(i);
            }
        }
        boolean allApplied = matched == candidates.size();
        if (allApplied) {
            for (int i : candidates) {
                out[i] = new BulkOutcome.Applied<>();
            }
        }
        int reads = 0;
        if (!insertOnceReads.isEmpty() || !allApplied) {
            reads = 1;
            List<Integer> readCandidates = allApplied ? List.of() : candidates;
            Reading reading = read(items, readCandidates, insertOnceReads);
            for (int i : insertOnceReads) {
                BulkItem.InsertOnce once = (BulkItem.InsertOnce) items.get(i);
                BsonDocument existing = reading.document(i, once.filter());
                if (existing != null) {
                    out[i] = new BulkOutcome.AlreadyExists<>(once.key(), existing.get("_id"));
                } else if (out[i] == null) {
                    throw new AtomicMongoException(operation + ": insert-once item " + i + " matched a document with "
                            + once.key().toJson() + " that the read after the write no longer finds (deleted meanwhile)");
                }
            }
            classifyCandidates(items, readCandidates, matched, reading, out);
        }
        return new BulkResult<>(List.of(out), reads);
    }

    private void classifyCandidates(List<BulkItem> items, List<Integer> candidates, long matched, Reading reading,
                                    BulkOutcome<T>[] out) {
        List<Integer> present = new ArrayList<>();
        for (int i : candidates) {
            ConditionalUpdateCommand command = ((BulkItem.UpdateIf) items.get(i)).command();
            if (reading.document(i, command.identity()) == null) {
                out[i] = new BulkOutcome.NotFound<>(command.identity());
            } else {
                present.add(i);
            }
        }
        List<Integer> holding = new ArrayList<>();
        List<Integer> notHolding = new ArrayList<>();
        for (int i : present) {
            (reading.holds(i) ? holding : notHolding).add(i);
        }
        // the server says how many matched, not which: a document that meets its condition after the
        // write was matched (a refused condition does not start to hold), the rest is decided by the count
        long rest = matched - holding.size();
        for (int i : present) {
            ConditionalUpdateCommand command = ((BulkItem.UpdateIf) items.get(i)).command();
            T current = decode(reading.document(i, command.identity()));
            boolean applied;
            if (matched == present.size()) {
                applied = true;
            } else if (matched == 0) {
                applied = false;
            } else if (rest >= 0 && (rest == 0 || rest == notHolding.size())) {
                applied = reading.holds(i) || rest > 0;
            } else {
                out[i] = new BulkOutcome.Undetermined<>(command.condition(), current);
                continue;
            }
            out[i] = applied ? new BulkOutcome.Applied<>() : new BulkOutcome.ConditionFailed<>(command.condition(), current);
        }
    }

    private T decode(BsonDocument document) {
        Codec<T> codec = collection.getCodecRegistry().get(collection.getDocumentClass());
        try {
            return codec.decode(new BsonDocumentReader(document), DecoderContext.builder().build());
        } catch (RuntimeException e) {
            throw Errors.translateAny(operation + " (decoding " + document.get("_id") + ")", e);
        }
    }

    // ---- the read after the write --------------------------------------------------------------

    /** The documents read by identity, and which candidates' conditions hold on them. */
    private static final class Reading {
        final Map<String, Map<Object, BsonDocument>> byField = new HashMap<>();
        final Map<Integer, BsonDocument> byItem = new HashMap<>();
        final BsonDocument facets;

        Reading(BsonDocument facets) {
            this.facets = facets;
        }

        BsonDocument document(int index, BsonDocument identity) {
            Simple simple = Simple.of(identity);
            if (simple == null) {
                return byItem.get(index);
            }
            Map<Object, BsonDocument> values = byField.get(simple.field);
            return values == null ? null : values.get(normalize(simple.value));
        }

        boolean holds(int index) {
            BsonValue value = facets.get("c" + index);
            return value != null && value.isArray() && !value.asArray().isEmpty();
        }
    }

    private Reading read(List<BulkItem> items, List<Integer> candidates, List<Integer> insertOnce) {
        Map<String, BsonArray> inByField = new HashMap<>();
        List<BsonValue> or = new ArrayList<>();
        BsonDocument facet = new BsonDocument();
        List<Integer> complex = new ArrayList<>();
        List<Integer> all = new ArrayList<>(candidates);
        all.addAll(insertOnce);
        for (int i : all) {
            BulkItem item = items.get(i);
            BsonDocument identity = item instanceof BulkItem.UpdateIf c ? c.command().identity() : item.filter();
            Simple simple = Simple.of(identity);
            if (simple == null) {
                complex.add(i);
                or.add(identity);
                facet.put("x" + i, new BsonArray(List.of(new BsonDocument("$match", identity),
                        new BsonDocument("$limit", new BsonInt32(1)))));
            } else {
                inByField.computeIfAbsent(simple.field, f -> new BsonArray()).add(simple.value);
            }
        }
        inByField.forEach((field, values) -> or.add(new BsonDocument(field, new BsonDocument("$in", values))));
        for (int i : candidates) {
            BsonDocument filter = ((BsonDocument) items.get(i).filter());
            facet.put("c" + i, new BsonArray(List.of(new BsonDocument("$match", filter),
                    new BsonDocument("$limit", new BsonInt32(1)),
                    new BsonDocument("$project", new BsonDocument("_id", new BsonInt32(1))))));
        }
        facet.put("d", new BsonArray());
        BsonDocument match = or.size() == 1 ? or.get(0).asDocument() : new BsonDocument("$or", new BsonArray(or));
        List<BsonDocument> pipeline = List.of(new BsonDocument("$match", match), new BsonDocument("$facet", facet));
        MongoCollection<BsonDocument> raw = collection.withDocumentClass(BsonDocument.class);
        BsonDocument answer;
        try {
            answer = session == null ? raw.aggregate(pipeline).first() : raw.aggregate(session, pipeline).first();
        } catch (RuntimeException e) {
            throw Errors.translateAny(operation + " (reading the documents of items that did not apply)", e);
        }
        Reading reading = new Reading(answer == null ? new BsonDocument() : answer);
        if (answer == null) {
            return reading;
        }
        for (BsonValue value : answer.getArray("d", new BsonArray())) {
            BsonDocument document = value.asDocument();
            for (String field : inByField.keySet()) {
                BsonValue at = BsonValues.valueAt(document, field);
                if (at == null) {
                    continue;
                }
                Map<Object, BsonDocument> values = reading.byField.computeIfAbsent(field, f -> new HashMap<>());
                values.putIfAbsent(normalize(at), document);
                if (at.isArray()) {
                    for (BsonValue element : at.asArray()) {
                        values.putIfAbsent(normalize(element), document);
                    }
                }
            }
        }
        for (int i : complex) {
            BsonArray found = answer.getArray("x" + i, new BsonArray());
            if (!found.isEmpty()) {
                reading.byItem.put(i, found.get(0).asDocument());
            }
        }
        return reading;
    }

    /** Numbers of different BSON types that MongoDB finds equal compare equal here too. */
    private static Object normalize(BsonValue value) {
        if (value.isNumber() || value.isDecimal128()) {
            try {
                BigDecimal decimal = BsonValues.decimalOf(value);
                if (decimal != null) {
                    return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
                }
            } catch (ArithmeticException | NumberFormatException notFinite) {
                return value.isDouble() ? Double.valueOf(value.asDouble().getValue()) : value;
            }
        }
        return value;
    }

    /** An identity {@code {field: value}} (or {@code {field: {$eq: value}}}) that {@code $in} can group. */
    private record Simple(String field, BsonValue value) {
        static Simple of(BsonDocument identity) {
            if (identity.size() != 1) {
                return null;
            }
            String field = identity.getFirstKey();
            if (field.startsWith("$")) {
                return null;
            }
            BsonValue value = identity.get(field);
            if (value.isDocument()) {
                BsonDocument operator = value.asDocument();
                if (operator.size() != 1 || !operator.containsKey("$eq")) {
                    return null;
                }
                value = operator.get("$eq");
            }
            if (value.isDocument() || value.isArray() || value.isRegularExpression() || value.isNull()) {
                return null;
            }
            return new Simple(field, value);
        }
    }
}

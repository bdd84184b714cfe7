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
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a bulk write and classifies its items, exactly in the common case:
 *
 * <ul>
 *   <li>A conditional update with an operator update and no {@code $expr} is sent as an upsert on
 *       {@code {$and: [identity, condition]}} whose {@code $setOnInsert} sets an array {@code _id}.
 *       When the document meets the condition, the update applies and {@code $setOnInsert} does
 *       nothing. When no document matches, the server tries to insert and fails on the array
 *       {@code _id} (code 53, or 66 when the identity pins {@code _id}): nothing is inserted, and
 *       the write error says <em>which</em> item matched nothing, which the bulk's counts cannot.
 *       Such an item is "poisoned".</li>
 *   <li>Other conditional updates (pipelines, {@code $expr} conditions, which an upsert refuses)
 *       are sent as plain updates and told apart by the matched count, then by whether their
 *       condition holds after the write; what stays ambiguous is {@link BulkOutcome.Undetermined}.</li>
 *   <li>Then, only when an item needs it, one {@code aggregate} reads the items' documents by
 *       identity ({@code $in} per identity field) and tests the conditions ({@code $facet}).</li>
 * </ul>
 *
 * <p>Where the trick's assumptions can fail:
 *
 * <ul>
 *   <li>A poisoned item whose error is not the poison's (an operator that cannot apply to the
 *       document the upsert builds from the filter's equalities, such as {@code $inc} on a field the
 *       condition pins to a string, or a real failure on the matched document) may or may not have
 *       matched. It is read with the others: no document with the identity is
 *       {@link BulkOutcome.NotFound}, a document that does not meet the condition is
 *       {@link BulkOutcome.ConditionFailed}, one that meets it is the original error. An E11000
 *       needs no read: on the {@code _id} index it matched nothing, on another index it failed
 *       (see {@link #verdict}).</li>
 *   <li>A server that stores the array {@code _id} instead of refusing it reports an upsert at a
 *       poisoned item's index. The runner deletes that document by the {@code _id} the server
 *       returned, before any read; a second such item in the bulk then fails with E11000 on the same
 *       {@code _id} and is read like any other. The item is classified by the read, and the
 *       collection and its copies stop poisoning (kept in {@link ServerState}). In that one bulk, a
 *       later item whose filter matches the stored document (the same identity) is applied to it
 *       before it is deleted, and is reported as it ran.</li>
 *   <li>In a session with an active transaction a write error aborts the whole transaction, so
 *       there conditional updates are counted, never poisoned.</li>
 * </ul>
 *
 * <p>An ordered bulk stops at a poisoned item that matched nothing; the runner goes on with the
 * next item (one more round trip per refused conditional update). At a poisoned item with another
 * error it reads that item at once (one more round trip): a refusal goes on, a failure stops the
 * bulk there.
 */
final class BulkRunner<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BulkRunner.class);
    /** The most items one call takes: the default {@code maxWriteBatchSize} of the server. */
    static final int MAX_ITEMS = 100_000;
    /** The {@code _id} a refused conditional update would insert with, which the server refuses. */
    static final BsonArray POISON_ID = new BsonArray(List.of(new BsonString("atomic-mongo: no document matched")));

    private static final java.util.Set<Integer> POISON_CODES = java.util.Set.of(53, 66);

    private enum Kind { POISONED, COUNTED, UPSERT, INSERT_ONCE, ONCE_UPSERT }

    private final MongoCollection<T> collection;
    private final ClientSession session;
    private final ServerState state;
    private final String operation;

    BulkRunner(MongoCollection<T> collection, ClientSession session, ServerState state) {
        this.collection = collection;
        this.session = session;
        this.state = state;
        this.operation = "bulkWrite on " + collection.getNamespace();
    }

    /**
     * True if conditional updates may be sent poisoned: not in an active transaction (where the
     * write error of an unmatched item would abort the transaction), and not on a collection whose
     * server was seen storing an array {@code _id}.
     */
    static boolean poisons(ClientSession session, ServerState state) {
        return !state.arrayIdAccepted() && (session == null || !session.hasActiveTransaction());
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

    /** The write models the items are sent as, in order, conditional updates poisoned where they can be; pure. */
    static List<WriteModel<BsonDocument>> models(List<BulkItem> items) {
        return models(items, true);
    }

    /** The write models the items are sent as, in order; {@code poison} false sends every conditional update counted; pure. */
    static List<WriteModel<BsonDocument>> models(List<BulkItem> items, boolean poison) {
        return models(items, kinds(items, poison));
    }

    private static List<WriteModel<BsonDocument>> models(List<BulkItem> items, Kind[] kinds) {
        List<WriteModel<BsonDocument>> models = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            models.add(model(items.get(i), kinds[i]));
        }
        return models;
    }

    private static Kind[] kinds(List<BulkItem> items, boolean poison) {
        Kind[] kinds = new Kind[items.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(items.get(i), poison);
        }
        return kinds;
    }

    private static Kind kind(BulkItem item, boolean poison) {
        if (item instanceof BulkItem.InsertOnce) {
            return Kind.INSERT_ONCE;
        }
        if (item instanceof BulkItem.Upsert) {
            return Kind.UPSERT;
        }
        if (item instanceof BulkItem.Once once) {
            // BulkItem.Once admits only operator updates without $expr that do not write _id
            return once.command().upsert() ? Kind.ONCE_UPSERT : Kind.POISONED;
        }
        ConditionalUpdateCommand command = ((BulkItem.UpdateIf) item).command();
        if (poison && command.update() instanceof CompiledUpdate.Operators ops && !FilterChecks.hasExpr(command.identity())
                && !FilterChecks.hasExpr(command.condition())) {
            if (!writesId(ops.document())) {
                return Kind.POISONED;
            }
        }
        return Kind.COUNTED;
    }

    /**
     * The filter sent for an item: a conditional update's {@code {$and: [identity, condition]}} as
     * one document when their top-level keys differ and none is an operator (the same query,
     * written so that a server without a query planner for {@code $and} still uses the
     * {@code _id} index).
     */
    static BsonDocument filter(BulkItem item) {
        if (item instanceof BulkItem.UpdateIf c) {
            // each entrySet of a read-only (raw) document decodes it: once per part
            BsonDocument merged = new BsonDocument();
            for (Map.Entry<String, BsonValue> e : c.command().identity().entrySet()) {
                if (e.getKey().startsWith("$")) {
                    return item.filter();
                }
                merged.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, BsonValue> e : c.command().condition().entrySet()) {
                if (e.getKey().startsWith("$") || merged.containsKey(e.getKey())) {
                    return item.filter();
                }
                merged.put(e.getKey(), e.getValue());
            }
            return merged;
        }
        return item.filter();
    }

    /** True if an operator of the update writes {@code _id} or a path under it (a {@code $rename} target too). */
    static boolean writesId(BsonDocument update) {
        for (Map.Entry<String, BsonValue> operator : update.entrySet()) {
            if (operator.getValue().isDocument()) {
                for (Map.Entry<String, BsonValue> path : operator.getValue().asDocument().entrySet()) {
                    if (isId(path.getKey()) || operator.getKey().equals("$rename") && path.getValue().isString()
                            && isId(path.getValue().asString().getValue())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isId(String path) {
        return path.equals("_id") || path.startsWith("_id.");
    }

    /**
     * True if a poisoned item's error is the poison's: the server refused the array {@code _id} of
     * the document it tried to insert because nothing matched (53 InvalidIdField; 66 ImmutableField
     * when the identity pins {@code _id}). A poisoned update never writes {@code _id} itself, so
     * neither code can come from the update of a matched document.
     */
    static boolean isPoison(AtomicMongoException error) {
        return error instanceof MongoOperationException failure && POISON_CODES.contains(failure.code());
    }

    /** What a poisoned item's write error says about whether it matched. */
    enum Verdict {
        /** Nothing matched: the poison's error, or E11000 on {@code _id}. */
        UNMATCHED,
        /** The matched document failed: E11000 on another unique index. */
        FAILED,
        /** Either: the read after the write decides. */
        READ
    }

    /**
     * What a poisoned item's error says. A poisoned update never writes {@code _id}, and MongoDB
     * refuses the array {@code _id} before the insert reaches any index, so an E11000 on the
     * {@code _id} index can only come from an insert (a server that stored an earlier poisoned
     * upsert's {@code _id}), and an E11000 on another index only from the update of a matched
     * document. Any other error may come from the document the upsert built from the filter (an
     * operator that cannot apply to it) or from a matched document.
     */
    static Verdict verdict(AtomicMongoException error) {
        if (isPoison(error)) {
            return Verdict.UNMATCHED;
        }
        if (error instanceof DuplicateKeyException dup && dup.indexName().isPresent()) {
            return dup.indexName().get().equals("_id_") ? Verdict.UNMATCHED : Verdict.FAILED;
        }
        return Verdict.READ;
    }

    private static WriteModel<BsonDocument> model(BulkItem item, Kind kind) {
        if (item instanceof BulkItem.InsertOnce once) {
            return new UpdateOneModel<>(once.filter(), new BsonDocument("$setOnInsert", once.document()),
                    new UpdateOptions().upsert(true));
        }
        Command command = item instanceof BulkItem.UpdateIf c ? c.command()
                : item instanceof BulkItem.Once once ? once.command().updateCommand()
                : ((BulkItem.Upsert) item).command();
        UpdateOptions options = new UpdateOptions().upsert(kind != Kind.COUNTED);
        if (command.update() instanceof CompiledUpdate.Operators ops) {
            if (!ops.arrayFilters().isEmpty()) {
                options.arrayFilters(ops.arrayFilters());
            }
            BsonDocument update = ops.document();
            if (kind == Kind.POISONED) {
                BsonDocument copy = new BsonDocument();
                copy.putAll(update);
                update = copy;
                BsonDocument onInsert = new BsonDocument();
                if (update.containsKey("$setOnInsert")) {
                    onInsert.putAll(update.getDocument("$setOnInsert"));
                }
                onInsert.put("_id", POISON_ID);
                update.put("$setOnInsert", onInsert);
            }
            return new UpdateOneModel<>(filter(item), update, options);
        }
        return new UpdateOneModel<>(filter(item), command.pipeline().stages(), options);
    }

    /** What the writes of one {@code bulkWrite} reported, with indexes into the whole list. */
    private final class Written {
        final Map<Integer, AtomicMongoException> failedAt = new HashMap<>();
        final Map<Integer, BsonValue> upsertedAt = new HashMap<>();
        /** A failure of the whole batch (a write concern error), thrown once stored poison is deleted. */
        AtomicMongoException batchFailure;
        /** Poisoned items whose upsert the server stored (then the runner deleted it). */
        final java.util.Set<Integer> storedPoison = new java.util.TreeSet<>();
        long matched;

        /** Sends {@code models} from {@code start}; returns the index of the first failed item, or -1. */
        int send(List<WriteModel<BsonDocument>> models, int start, BulkOrder order) {
            BulkWriteOptions options = new BulkWriteOptions().ordered(order == BulkOrder.ORDERED);
            MongoCollection<BsonDocument> raw = collection.withDocumentClass(BsonDocument.class);
            List<WriteModel<BsonDocument>> sent = start == 0 ? models : models.subList(start, models.size());
            BulkWriteResult result;
            int first = -1;
            try {
                result = session == null ? raw.bulkWrite(sent, options) : raw.bulkWrite(session, sent, options);
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null) {
                    // the batch failed as a whole; its upserts are still reported, so that a stored poison is deleted first
                    batchFailure = Errors.translate(operation, e);
                }
                result = e.getWriteResult();
                for (BulkWriteError error : e.getWriteErrors()) {
                    int index = start + error.getIndex();
                    failedAt.put(index, Errors.translate(operation + " (item " + index + ")",
                            new MongoWriteException(error, e.getServerAddress(), e.getErrorLabels())));
                    first = first < 0 ? index : Math.min(first, index);
                }
            } catch (RuntimeException e) {
                throw Errors.translateAny(operation, e);
            }
            if (!result.wasAcknowledged()) {
                throw new IllegalStateException("The bulk write was unacknowledged (write concern w:0), so its "
                        + "outcomes are unknown; use an acknowledged write concern with AtomicCollection");
            }
            matched += result.getMatchedCount();
            for (BulkWriteUpsert upsert : result.getUpserts()) {
                upsertedAt.put(start + upsert.getIndex(), upsert.getId());
            }
            return first;
        }
    }

    @SuppressWarnings("unchecked")
    BulkResult<T> run(List<BulkItem> items, BulkOrder order) {
        int n = items.size();
        boolean poison = poisons(session, state);
        if (!poison) {
            requireNoGuardedUpdate(items);
        }
        Kind[] kinds = kinds(items, poison);
        List<WriteModel<BsonDocument>> models = models(items, kinds);
        BulkOutcome<T>[] out = new BulkOutcome[n];
        Written written = new Written();
        int reads = 0;
        int end = n;
        int start = 0;
        while (start < n) {
            int failed = written.send(models, start, order);
            deleteStoredPoison(kinds, written);
            if (written.batchFailure != null) {
                throw written.batchFailure;
            }
            if (order == BulkOrder.UNORDERED || failed < 0) {
                break;
            }
            AtomicMongoException error = written.failedAt.get(failed);
            if (kinds[failed] == Kind.POISONED && verdict(error) != Verdict.FAILED) {
                if (verdict(error) == Verdict.UNMATCHED) {
                    start = failed + 1;   // matched nothing: a refusal, told apart by the read after the bulk
                    continue;
                }
                // another error may still mean "matched nothing": read now, go on only past a refusal
                Reading reading = read(items, List.of(failed), List.of(failed));
                reads++;
                out[failed] = unmatchedOrFailed(items, failed, error, reading);
                if (!(out[failed] instanceof BulkOutcome.WriteFailed<T>) && !(out[failed] instanceof BulkOutcome.DuplicateKey<T>)) {
                    start = failed + 1;
                    continue;
                }
            }
            for (int k = failed + 1; k < n; k++) {
                out[k] = new BulkOutcome.NotAttempted<>(failed);
            }
            end = failed + 1;
            break;
        }
        return classify(items, kinds, out, written, end, reads);
    }

    /**
     * Without poisoning a guarded update that matched nothing cannot be told from one applied by
     * an earlier call (both leave the id in the document), so a bulk refuses to send one.
     */
    private void requireNoGuardedUpdate(List<BulkItem> items) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof BulkItem.Once once && !once.command().upsert()) {
                if (session != null && session.hasActiveTransaction()) {
                    throw new IllegalArgumentException(operation + ": item " + i + " is guarded by an operation id, "
                            + "which a bulk cannot classify inside a transaction (an unmatched item's write error "
                            + "would abort it); run it with execute");
                }
                throw new AtomicMongoException(operation + ": item " + i + " is guarded by an operation id, which a "
                        + "bulk cannot classify on this server: it stored an array _id that MongoDB refuses; run it "
                        + "with execute");
            }
        }
    }

    private BulkResult<T> classify(List<BulkItem> items, Kind[] kinds, BulkOutcome<T>[] out, Written written,
                                   int end, int reads) {
        long matched = written.matched;
        List<Integer> poisonedFailed = new ArrayList<>();
        List<Integer> poisonedOther = new ArrayList<>();
        List<Integer> counted = new ArrayList<>();
        List<Integer> insertOnceReads = new ArrayList<>();
        List<Integer> onceUpsertReads = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (out[i] != null) {
                continue;
            }
            BulkItem item = items.get(i);
            AtomicMongoException error = written.failedAt.get(i);
            if (kinds[i] == Kind.POISONED) {
                Verdict verdict = error == null ? null : verdict(error);
                if (written.storedPoison.contains(i) || verdict == Verdict.UNMATCHED) {
                    poisonedFailed.add(i);   // matched nothing
                } else if (error == null) {
                    out[i] = new BulkOutcome.Applied<>();
                    matched--;
                } else if (verdict == Verdict.FAILED) {
                    out[i] = failure(error);
                } else {
                    poisonedOther.add(i);   // matched nothing, or failed on the matched document: read
                }
            } else if (error != null) {
                if (error instanceof DuplicateKeyException dup && item instanceof BulkItem.InsertOnce once
                        && dup.keyValue().map(key -> FilterChecks.pinsKey(once.filter(), key)).orElse(true)) {
                    insertOnceReads.add(i);   // lost a race to a concurrent insert of its key: read who won
                }
                if (error instanceof DuplicateKeyException dup && item instanceof BulkItem.Once once
                        && dup.keyValue().map(key -> FilterChecks.pinsKey(once.command().identity(), key)).orElse(true)) {
                    // the document exists: it has seen the id (a duplicate operation), or another
                    // operation inserted it first (a duplicate key, not retried in a bulk)
                    onceUpsertReads.add(i);
                }
                out[i] = failure(error);
            } else if (written.upsertedAt.containsKey(i)) {
                out[i] = new BulkOutcome.Inserted<>(written.upsertedAt.get(i));
            } else if (kinds[i] == Kind.UPSERT || kinds[i] == Kind.ONCE_UPSERT) {
                out[i] = new BulkOutcome.Applied<>();
                matched--;
            } else if (kinds[i] == Kind.INSERT_ONCE) {
                matched--;
                insertOnceReads.add(i);
            } else {
                counted.add(i);
            }
        }
        if (matched == counted.size()) {
            for (int i : counted) {
                out[i] = new BulkOutcome.Applied<>();
            }
            counted.clear();
        }
        if (!poisonedFailed.isEmpty() || !poisonedOther.isEmpty() || !counted.isEmpty() || !insertOnceReads.isEmpty()
                || !onceUpsertReads.isEmpty()) {
            List<Integer> documents = new ArrayList<>(poisonedFailed);
            documents.addAll(poisonedOther);
            documents.addAll(counted);
            documents.addAll(insertOnceReads);
            documents.addAll(onceUpsertReads);
            List<Integer> holds = new ArrayList<>(counted);
            holds.addAll(poisonedOther);
            Reading reading = read(items, holds, documents);
            reads++;
            for (int i : poisonedFailed) {
                out[i] = refusal(items, i, reading);
            }
            for (int i : poisonedOther) {
                out[i] = unmatchedOrFailed(items, i, written.failedAt.get(i), reading);
            }
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
            for (int i : onceUpsertReads) {
                OnceUpdateCommand command = ((BulkItem.Once) items.get(i)).command();
                BsonDocument existing = reading.document(i, command.identity());
                if (existing != null && OnceExecution.hasSeen(existing, command)) {
                    out[i] = new BulkOutcome.DuplicateOperation<>(command.operationId(), decode(existing));
                }
            }
            classifyCounted(items, counted, matched, reading, out);
        }
        return new BulkResult<>(List.of(out), reads);
    }

    /**
     * The refusal of a poisoned item that matched nothing: not found, or the condition failed; for
     * a guarded item, a duplicate operation when the document has seen the id.
     */
    private BulkOutcome<T> refusal(List<BulkItem> items, int i, Reading reading) {
        if (items.get(i) instanceof BulkItem.Once once) {
            OnceUpdateCommand command = once.command();
            BsonDocument document = reading.document(i, command.identity());
            if (document == null) {
                return new BulkOutcome.NotFound<>(command.identity());
            }
            return OnceExecution.hasSeen(document, command)
                    ? new BulkOutcome.DuplicateOperation<>(command.operationId(), decode(document))
                    : new BulkOutcome.ConditionFailed<>(command.condition(), decode(document));
        }
        ConditionalUpdateCommand command = ((BulkItem.UpdateIf) items.get(i)).command();
        BsonDocument document = reading.document(i, command.identity());
        return document == null ? new BulkOutcome.NotFound<>(command.identity())
                : new BulkOutcome.ConditionFailed<>(command.condition(), decode(document));
    }

    /**
     * A poisoned item that failed with another error than the poison's: no document with the
     * identity is not found, a document that does not meet the condition is a refused condition
     * (the error came from the document the upsert built), one that meets it failed the update.
     */
    private BulkOutcome<T> unmatchedOrFailed(List<BulkItem> items, int i, AtomicMongoException error, Reading reading) {
        // the item's filter holds on its document (for a guarded item: the id not seen, the
        // condition met), so the document was matched and the error is the update's; else a refusal
        boolean matched = reading.holds(i) && reading.document(i, identity(items.get(i))) != null;
        return matched ? failure(error) : refusal(items, i, reading);
    }

    /** What an item's document is read by: a conditional or guarded update's identity, else its filter. */
    private static BsonDocument identity(BulkItem item) {
        return item instanceof BulkItem.UpdateIf c ? c.command().identity()
                : item instanceof BulkItem.Once once ? once.command().identity() : item.filter();
    }

    /**
     * Deletes what a server stored for a poisoned item instead of refusing its array {@code _id}
     * (MongoDB refuses it; a compatible server may not), by the {@code _id} it returned, and stops
     * poisoning on this collection and its copies.
     *
     * @throws AtomicMongoException if the delete fails: the stored document is then still there
     */
    private void deleteStoredPoison(Kind[] kinds, Written written) {
        for (Map.Entry<Integer, BsonValue> upsert : written.upsertedAt.entrySet()) {
            int i = upsert.getKey();
            if (kinds[i] != Kind.POISONED || !written.storedPoison.add(i)) {
                continue;
            }
            state.arrayIdAccepted(true);
            BsonDocument byId = new BsonDocument("_id", upsert.getValue());
            LOG.warn("{}: the server stored item {}'s poisoned upsert as {} instead of refusing it; deleting it, and "
                    + "sending conditional updates unpoisoned on this collection from now on", operation, i, byId.toJson());
            MongoCollection<BsonDocument> raw = collection.withDocumentClass(BsonDocument.class);
            try {
                if (session == null) {
                    raw.deleteOne(byId);
                } else {
                    raw.deleteOne(session, byId);
                }
            } catch (RuntimeException e) {
                throw Errors.translateAny(operation + " (deleting the document " + byId.toJson()
                        + " the server stored for item " + i + " instead of refusing it: it is still there)", e);
            }
        }
    }

    private static <T> BulkOutcome<T> failure(AtomicMongoException error) {
        return error instanceof DuplicateKeyException dup ? new BulkOutcome.DuplicateKey<>(dup)
                : new BulkOutcome.WriteFailed<>((MongoOperationException) error);
    }

    private void classifyCounted(List<BulkItem> items, List<Integer> candidates, long matched, Reading reading,
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
        long holding = present.stream().filter(reading::holds).count();
        long notHolding = present.size() - holding;
        // the server says how many matched, not which: a document that meets its condition after the
        // write was matched (a refused condition does not start to hold), the rest is decided by the count
        long rest = matched - holding;
        for (int i : present) {
            ConditionalUpdateCommand command = ((BulkItem.UpdateIf) items.get(i)).command();
            T current = decode(reading.document(i, command.identity()));
            boolean applied;
            if (matched == present.size()) {
                applied = true;
            } else if (matched == 0) {
                applied = false;
            } else if (rest >= 0 && (rest == 0 || rest == notHolding)) {
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

    /** One aggregate: the documents of {@code documents} by identity, and whether each of {@code holds} meets its condition. */
    private Reading read(List<BulkItem> items, List<Integer> holds, List<Integer> documents) {
        Map<String, BsonArray> inByField = new HashMap<>();
        List<BsonValue> or = new ArrayList<>();
        BsonDocument facet = new BsonDocument();
        List<Integer> complex = new ArrayList<>();
        for (int i : documents) {
            BulkItem item = items.get(i);
            BsonDocument identity = identity(item);
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
        for (int i : holds) {
            BsonDocument filter = filter(items.get(i));
            facet.put("c" + i, new BsonArray(List.of(new BsonDocument("$match", filter),
                    new BsonDocument("$limit", new BsonInt32(1)),
                    new BsonDocument("$project", new BsonDocument("_id", new BsonInt32(1))))));
        }
        BsonDocument match = or.size() == 1 ? or.get(0).asDocument() : new BsonDocument("$or", new BsonArray(or));
        MongoCollection<BsonDocument> raw = collection.withDocumentClass(BsonDocument.class);
        BsonDocument answer;
        try {
            if (facet.isEmpty()) {
                // the common case: a plain find by identities
                List<BsonDocument> found = session == null ? raw.find(match).into(new ArrayList<>())
                        : raw.find(session, match).into(new ArrayList<>());
                answer = new BsonDocument("d", new BsonArray(found));
            } else {
                facet.put("d", new BsonArray());
                List<BsonDocument> pipeline = List.of(new BsonDocument("$match", match), new BsonDocument("$facet", facet));
                answer = session == null ? raw.aggregate(pipeline).first() : raw.aggregate(session, pipeline).first();
            }
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

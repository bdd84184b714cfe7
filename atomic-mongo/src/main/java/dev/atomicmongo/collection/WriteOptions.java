package dev.atomicmongo.collection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import com.mongodb.client.model.Collation;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.update.Expr;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Immutable per-call options of the write methods ({@code updateOne}, {@code updateMany},
 * {@code upsertOne}, {@code upsertMany}, {@code updateIf}, and through
 * {@link FindAndUpdateOptions} {@code findOneAndUpdate}): the index to use ({@code hint}), the
 * string comparison rules ({@code collation}), variables for {@code $$name} in the filter and in
 * pipeline updates ({@code let}) and a {@code comment} that shows in the server's logs and
 * profiler. Each is the command field of the same name. Thread-safe; {@code equals} compares the
 * BSON; every value is encoded (with the driver's default codecs) and checked when it is given.
 *
 * <pre>{@code
 * WriteOptions options = WriteOptions.none()
 *         .withHint(Indexes.ascending("status"))
 *         .withCollation(Collation.builder().locale("fr").collationStrength(CollationStrength.SECONDARY).build())
 *         .withLet("target", "cherry")
 *         .withComment("nightly clean-up");
 * events.updateMany(Filters.expr(new Document("$eq", List.of("$flavor", "$$target"))),
 *         UpdateBuilder.update().set("flavor", "orange"), options);
 * }</pre>
 *
 * <p>This is not the driver's {@code UpdateOptions}, whose setters change it in place; upsert is
 * chosen by the method ({@code upsertOne}, {@code upsertMany}) and array filters come with the
 * update.
 */
@CheckReturnValue
public final class WriteOptions {
    private static final List<String> INDEX_TYPES = List.of("text", "2d", "2dsphere", "hashed");
    private static final WriteOptions NONE = new WriteOptions(null, null, null, new BsonDocument(), null, null, null, null);

    private final BsonDocument hintKeys;
    private final String hintName;
    private final Collation collation;
    private final BsonDocument let;
    private final BsonValue comment;
    private final BsonDocument sort;
    private final Boolean bypassDocumentValidation;
    private final Duration maxTime;

    private WriteOptions(BsonDocument hintKeys, String hintName, Collation collation, BsonDocument let,
                         BsonValue comment, BsonDocument sort, Boolean bypassDocumentValidation, Duration maxTime) {
        this.hintKeys = hintKeys;
        this.hintName = hintName;
        this.collation = collation;
        this.let = Bsons.frozen(let);
        this.comment = comment;
        this.sort = sort;
        this.bypassDocumentValidation = bypassDocumentValidation;
        this.maxTime = maxTime;
    }

    /** No option: the server's defaults (its own index choice, the collection's collation, no variables, no comment). */
    public static WriteOptions none() {
        return NONE;
    }

    /**
     * Use the index with these keys ({@code hint: {status: 1}}), for example the driver's
     * {@code Indexes.ascending("status")}; replaces an earlier hint. {@code {$natural: 1}} forces
     * a collection scan.
     *
     * @throws IllegalArgumentException if the document is empty, a key is empty or starts with
     *         {@code $} (other than {@code $natural} and wildcard {@code $**} keys), or a value is
     *         neither 1, -1 nor an index type ({@code "text"}, {@code "2d"}, {@code "2dsphere"},
     *         {@code "hashed"})
     */
    public WriteOptions withHint(Bson indexKeys) {
        Objects.requireNonNull(indexKeys, "indexKeys");
        // frozen before it is read: a Document's wrapper encodes lazily, and its codec may fail then
        BsonDocument keys;
        try {
            keys = Bsons.encoding("hint", () -> Bsons.frozen(BsonValues.encodeDocument(indexKeys,
                    BsonValues.DEFAULT_REGISTRY, "hint")));
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().contains("hint") ? e
                    : new IllegalArgumentException("hint: " + e.getMessage(), e);
        }
        requireIndexKeys(keys);
        return new WriteOptions(keys, null, collation, let, comment, sort, bypassDocumentValidation, maxTime);
    }

    /**
     * Use the index of this name ({@code hint: "status_1"}); replaces an earlier hint.
     *
     * @throws IllegalArgumentException if the name is empty
     */
    public WriteOptions withHint(String indexName) {
        Objects.requireNonNull(indexName, "indexName");
        if (indexName.isEmpty()) {
            throw new IllegalArgumentException("hint: an index name must not be empty");
        }
        return new WriteOptions(null, indexName, collation, let, comment, sort, bypassDocumentValidation, maxTime);
    }

    /** Compare strings by these rules ({@code collation}) in the filter, the sort and the update; replaces an earlier one. */
    public WriteOptions withCollation(Collation collation) {
        return new WriteOptions(hintKeys, hintName, Objects.requireNonNull(collation, "collation"), let, comment, sort,
                bypassDocumentValidation, maxTime);
    }

    /**
     * Defines the variable {@code $$name} as a constant ({@code let: {name: value}}), for
     * {@code $expr} in the filter and for pipeline updates. The value is encoded now and wrapped
     * in {@code $literal} where the server could read it as a field path or an expression (a
     * string starting with {@code $}, a document), as {@link Expr#literal(Object)} does. For a
     * BSON null pass {@code BsonNull.VALUE}; a Java null is refused.
     *
     * @throws IllegalArgumentException if the name is not a user variable name (a lower-case
     *         ASCII letter or a non-ASCII character, then letters, digits, {@code _} or non-ASCII
     *         characters), if it is already defined, or if the value has no codec
     */
    public WriteOptions withLet(String name, Object value) {
        if (value instanceof Expr expr) {
            return withLet(name, expr);
        }
        requireVariableName(name);
        return withLet(name, Expr.literal(Objects.requireNonNull(value, "value")));
    }

    /**
     * Defines the variable {@code $$name} as an expression, evaluated once by the server before the
     * write ({@code let: {name: {$add: [1, 2]}}}); field paths in it have no document to read.
     *
     * @throws IllegalArgumentException as {@link #withLet(String, Object)}
     */
    public WriteOptions withLet(String name, Expr value) {
        requireVariableName(name);
        Objects.requireNonNull(value, "value");
        if (let.containsKey(name)) {
            throw new IllegalArgumentException("let: the variable '" + name + "' is already defined as "
                    + new BsonDocument(name, let.get(name)).toJson());
        }
        BsonValue encoded;
        try {
            encoded = Bsons.encoding("let variable '" + name + "'", () -> value.toBsonValue(BsonValues.DEFAULT_REGISTRY));
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().contains("'" + name + "'") ? e
                    : new IllegalArgumentException("let: the variable '" + name + "': " + e.getMessage(), e);
        }
        BsonDocument copy = new BsonDocument();
        copy.putAll(let);
        copy.put(name, encoded);
        return new WriteOptions(hintKeys, hintName, collation, copy, comment, sort, bypassDocumentValidation, maxTime);
    }

    /** Attaches a comment to the command ({@code comment: "..."}), shown in logs and the profiler; replaces an earlier one. */
    public WriteOptions withComment(String comment) {
        return withComment(new BsonString(Objects.requireNonNull(comment, "comment")));
    }

    /** Attaches any BSON value as the command's comment ({@code comment: {job: 42}}); replaces an earlier one. */
    public WriteOptions withComment(BsonValue comment) {
        Objects.requireNonNull(comment, "comment");
        BsonValue frozen = comment.isDocument() ? Bsons.frozen(comment.asDocument())
                : comment.isArray() ? Bsons.frozen(new BsonDocument("c", comment)).get("c") : comment;
        return new WriteOptions(hintKeys, hintName, collation, let, frozen, sort, bypassDocumentValidation, maxTime);
    }

    /**
     * Updates the first matching document in this order ({@code sort}, MongoDB 8.0+ for
     * {@code update}; every version for {@code findAndModify}), for example the driver's
     * {@code Sorts.ascending("createdAt")}; replaces an earlier sort. It applies to one document:
     * {@code updateOne}, {@code upsertOne}, {@code updateIf} and {@code findOneAndUpdate}; an
     * {@code updateMany} or {@code upsertMany} with a sort is refused when its command is built.
     *
     * @throws IllegalArgumentException if the document is empty, a key is empty, or a value is
     *         neither 1, -1 nor a {@code {$meta: ...}} document
     */
    public WriteOptions withSort(Bson order) {
        Objects.requireNonNull(order, "order");
        BsonDocument keys = Bsons.encoding("sort", () -> Bsons.frozen(BsonValues.encodeDocument(order,
                BsonValues.DEFAULT_REGISTRY, "sort")));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("sort: the order must name at least one field");
        }
        for (Map.Entry<String, BsonValue> key : keys.entrySet()) {
            BsonValue direction = key.getValue();
            boolean valid = direction.isNumber() && Math.abs(direction.asNumber().doubleValue()) == 1
                    || direction.isDocument() && direction.asDocument().containsKey("$meta");
            if (key.getKey().isEmpty() || !valid) {
                throw new IllegalArgumentException("sort: '" + key.getKey() + "' must be 1, -1 or {$meta: ...}, got "
                        + direction);
            }
        }
        return new WriteOptions(hintKeys, hintName, collation, let, comment, keys, bypassDocumentValidation, maxTime);
    }

    /**
     * Lets the write break the collection's schema validation rules
     * ({@code bypassDocumentValidation: true}; the user needs the {@code bypassDocumentValidation}
     * privilege). {@code false} sends the server's default explicitly.
     */
    public WriteOptions withBypassDocumentValidation(boolean bypass) {
        return new WriteOptions(hintKeys, hintName, collation, let, comment, sort, bypass, maxTime);
    }

    /**
     * Lets the server work on the command for at most this long ({@code maxTimeMS}), an option of
     * {@code findAndModify} only: {@code findOneAndUpdate} honours it, and an update command
     * ({@code updateOne}, {@code updateMany}, {@code updateIf}...) with it is refused when built.
     * For a bound on every operation, client side, give the collection a timeout
     * ({@code MongoCollection.withTimeout}) before wrapping it.
     *
     * @throws IllegalArgumentException if the duration is not positive or is over
     *         {@code Integer.MAX_VALUE} milliseconds (the server's limit)
     */
    public WriteOptions withMaxTime(Duration maxTime) {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxTime.isNegative() || maxTime.isZero() || maxTime.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("maxTime: must be between 1 ms and " + Integer.MAX_VALUE + " ms, got " + maxTime);
        }
        if (maxTime.toMillis() == 0) {
            throw new IllegalArgumentException("maxTime: must be at least 1 ms, got " + maxTime);
        }
        return new WriteOptions(hintKeys, hintName, collation, let, comment, sort, bypassDocumentValidation,
                Duration.ofMillis(maxTime.toMillis()));
    }

    /** The index keys of the hint, if it was given as keys. */
    public Optional<BsonDocument> hintKeys() {
        return Optional.ofNullable(hintKeys);
    }

    /** The index name of the hint, if it was given as a name. */
    public Optional<String> hintName() {
        return Optional.ofNullable(hintName);
    }

    /** The collation, if any. */
    public Optional<Collation> collation() {
        return Optional.ofNullable(collation);
    }

    /** The variables, as sent ({@code let}); an empty read-only document when none. */
    public BsonDocument let() {
        return let;
    }

    /** The comment, if any. */
    public Optional<BsonValue> comment() {
        return Optional.ofNullable(comment);
    }

    /** The sort, if any. */
    public Optional<BsonDocument> sort() {
        return Optional.ofNullable(sort);
    }

    /** Whether schema validation is bypassed, if the option is set. */
    public Optional<Boolean> bypassDocumentValidation() {
        return Optional.ofNullable(bypassDocumentValidation);
    }

    /** The server-side time limit ({@code maxTimeMS}), if any, in whole milliseconds. */
    public Optional<Duration> maxTime() {
        return Optional.ofNullable(maxTime);
    }

    /**
     * Hands each option that reads and writes share (hint by keys or name, collation, let,
     * comment, sort) to the matching setter of a driver options object; options not set are not
     * handed. The driver's {@code UpdateOptions}, {@code FindOneAndUpdateOptions} and
     * {@code FindIterable} have these setters but no common type.
     */
    void applyShared(Consumer<Bson> hint, Consumer<String> hintString, Consumer<Collation> collation,
                     Consumer<Bson> let, Consumer<BsonValue> comment, Consumer<Bson> sort) {
        hintKeys().ifPresent(hint);
        hintName().ifPresent(hintString);
        collation().ifPresent(collation);
        if (!this.let.isEmpty()) {
            let.accept(this.let);
        }
        comment().ifPresent(comment);
        sort().ifPresent(sort);
    }

    /** True if no option is set. */
    public boolean isEmpty() {
        return hintKeys == null && hintName == null && collation == null && let.isEmpty() && comment == null
                && sort == null && bypassDocumentValidation == null && maxTime == null;
    }

    /**
     * The options as the fields they add to the command: {@code hint} and {@code collation} go in
     * the update statement (or the {@code findAndModify} command), {@code let} and {@code comment}
     * in the command.
     */
    public BsonDocument toBsonDocument() {
        BsonDocument fields = new BsonDocument();
        if (hintKeys != null) {
            fields.put("hint", hintKeys);
        } else if (hintName != null) {
            fields.put("hint", new BsonString(hintName));
        }
        if (collation != null) {
            fields.put("collation", collation.asDocument());
        }
        if (!let.isEmpty()) {
            fields.put("let", let);
        }
        if (comment != null) {
            fields.put("comment", comment);
        }
        if (sort != null) {
            fields.put("sort", sort);
        }
        if (bypassDocumentValidation != null) {
            fields.put("bypassDocumentValidation", BsonBoolean.valueOf(bypassDocumentValidation));
        }
        if (maxTime != null) {
            fields.put("maxTimeMS", new BsonInt64(maxTime.toMillis()));
        }
        return fields;
    }

    /** Equal when every option is: the same BSON, the same collation. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof WriteOptions other && Objects.equals(hintKeys, other.hintKeys)
                && Objects.equals(hintName, other.hintName) && Objects.equals(collation, other.collation)
                && let.equals(other.let) && Objects.equals(comment, other.comment) && Objects.equals(sort, other.sort)
                && Objects.equals(bypassDocumentValidation, other.bypassDocumentValidation)
                && Objects.equals(maxTime, other.maxTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hintKeys, hintName, collation, let, comment, sort, bypassDocumentValidation, maxTime);
    }

    /** The options as JSON, for example {@code WriteOptions{"hint": "status_1", "comment": "x"}}. */
    @Override
    public String toString() {
        return "WriteOptions" + toBsonDocument().toJson();
    }

    static void requireNoMaxTime(String operation, WriteOptions options) {
        if (options.maxTime != null) {
            throw new IllegalArgumentException(operation + ": maxTimeMS is an option of findAndModify only; bound an update"
                    + " with the collection's timeout (MongoCollection.withTimeout) instead");
        }
    }

    // an index specification: what createIndexes would accept as keys, or {$natural: 1|-1}
    private static void requireIndexKeys(BsonDocument keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("hint: the index keys must not be empty");
        }
        for (Map.Entry<String, BsonValue> key : keys.entrySet()) {
            String field = key.getKey();
            boolean natural = field.equals("$natural");
            if (field.isEmpty() || field.startsWith("$") && !natural && !field.equals("$**")
                    || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
                throw new IllegalArgumentException("hint: '" + field + "' is not an index key");
            }
            if (natural && keys.size() > 1) {
                throw new IllegalArgumentException("hint: $natural must be the only key, got " + keys.toJson());
            }
            BsonValue v = key.getValue();
            boolean direction = v.isNumber() && Math.abs(v.asNumber().doubleValue()) == 1.0;
            boolean type = !natural && v.isString() && INDEX_TYPES.contains(v.asString().getValue());
            if (!direction && !type) {
                throw new IllegalArgumentException("hint: the key '" + field + "' must be 1, -1"
                        + (natural ? "" : " or an index type " + INDEX_TYPES) + ", got " + new BsonDocument(field, v).toJson());
            }
        }
    }

    // MongoDB's rule for user variables: a lower-case ASCII letter or a non-ASCII character first,
    // then ASCII letters, digits, '_' or non-ASCII characters (upper-case first is for system variables)
    private static void requireVariableName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("let: a variable name must not be empty");
        }
        char first = name.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first > 0x7f)) {
            throw new IllegalArgumentException("let: the variable name '" + name
                    + "' must start with a lower-case ASCII letter or a non-ASCII character");
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c > 0x7f)) {
                throw new IllegalArgumentException("let: the variable name '" + name + "' holds '" + c
                        + "'; only letters, digits, '_' and non-ASCII characters are allowed");
            }
        }
    }
}

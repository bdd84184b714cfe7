package dev.atomicmongo.pattern.transaction;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.MongoException;
import com.mongodb.TransactionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.ServerCapabilities;
import dev.atomicmongo.internal.CheckReturnValue;

/**
 * Runs a unit of work in a multi-document transaction with the driver's retry semantics
 * ({@link ClientSession#withTransaction}): the whole work is retried on a
 * {@code TransientTransactionError} (such as a write conflict with another transaction) and the
 * commit on an {@code UnknownTransactionCommitResult}, for up to two minutes.
 *
 * <pre>{@code
 * Transactions transactions = Transactions.of(client, db);
 * String receipt = transactions.inTransaction(session -> {
 *     AtomicCollection<Account> accounts = AtomicCollection.of(db.getCollection("accounts", Account.class))
 *             .withSession(session);
 *     accounts.updateIf(eq("_id", "alice"), gte("balance", amount), update().dec("balance", amount)).orThrow();
 *     accounts.updateIf(eq("_id", "bob"), exists("_id"), update().inc("balance", amount)).orThrow();
 *     return "ok";
 * });   // both updates, or neither
 * }</pre>
 *
 * <p><b>Prefer one document.</b> A transaction needs a replica set or a sharded cluster and costs
 * extra round trips and locks. Every other pattern in atomic-mongo changes one document with one
 * atomic update and needs none; use a transaction only when a change must span documents. Where
 * the server lacks transactions (a standalone server, or the embedded test server),
 * {@link #inTransaction} throws a {@link MissingCapabilityException} before starting anything.
 *
 * <p>Errors inside the work that atomic-mongo wrapped keep their driver cause; a cause labelled
 * {@code TransientTransactionError} is handed back to the driver so it can retry. Any other
 * exception from the work aborts the transaction and is rethrown unchanged. Immutable and
 * thread-safe; the capability answer is probed once and shared by copies.
 */
public final class Transactions {
    private final MongoClient client;
    private final MongoDatabase database;
    private final TransactionOptions options;
    private final AtomicReference<Boolean> supported;

    private Transactions(MongoClient client, MongoDatabase database, TransactionOptions options,
                         AtomicReference<Boolean> supported) {
        this.client = client;
        this.database = database;
        this.options = options;
        this.supported = supported;
    }

    /**
     * Transactions on {@code client}; whether its server supports them is asked once, through
     * {@link ServerCapabilities#probe(MongoDatabase)} on {@code database}, on first use.
     */
    public static Transactions of(MongoClient client, MongoDatabase database) {
        return new Transactions(Objects.requireNonNull(client, "client"), Objects.requireNonNull(database, "database"),
                TransactionOptions.builder().build(), new AtomicReference<>());
    }

    /** Transactions on {@code client}, whose server's capabilities the caller already knows. */
    public static Transactions of(MongoClient client, ServerCapabilities capabilities) {
        Objects.requireNonNull(capabilities, "capabilities");
        return new Transactions(Objects.requireNonNull(client, "client"), null, TransactionOptions.builder().build(),
                new AtomicReference<>(capabilities.supportsTransactions()));
    }

    /** A copy whose transactions use these read concern, write concern and read preference options. */
    @CheckReturnValue
    public Transactions withOptions(TransactionOptions options) {
        return new Transactions(client, database, Objects.requireNonNull(options, "options"), supported);
    }

    /** True if the server runs multi-document transactions (probed once). */
    public boolean isSupported() {
        Boolean known = supported.get();
        if (known == null) {
            known = ServerCapabilities.probe(database).supportsTransactions();
            supported.compareAndSet(null, known);
        }
        return known;
    }

    /**
     * Runs {@code work} in a transaction and commits it, retrying as the driver's
     * {@code withTransaction} does; returns what the work returned.
     *
     * @throws MissingCapabilityException if the server does not support transactions
     * @throws MongoOperationException if the transaction fails and cannot be retried
     * @throws RuntimeException whatever the work threw, after aborting the transaction
     */
    public <R> R inTransaction(TransactionWork<R> work) {
        Objects.requireNonNull(work, "work");
        if (!isSupported()) {
            throw new MissingCapabilityException(Capability.TRANSACTIONS,
                    "multi-document transactions need a replica set or a sharded cluster; "
                            + "a change kept in one document needs no transaction");
        }
        try (ClientSession session = client.startSession()) {
            return session.withTransaction(() -> {
                try {
                    return work.run(session);
                } catch (RuntimeException e) {
                    throw retryable(e);
                }
            }, options);
        } catch (MongoException e) {
            throw new MongoOperationException("transaction", e);
        }
    }

    /** The labelled driver exception inside an atomic-mongo exception, so the driver sees the label and retries. */
    private static RuntimeException retryable(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoException mongo
                    && (mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                    || mongo.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL))) {
                return mongo;
            }
        }
        return e;
    }

    @Override
    public String toString() {
        return "Transactions{" + (database != null ? database.getName() : "known capabilities")
                + ", supported=" + supported.get() + "}";
    }
}

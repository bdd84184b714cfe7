package dev.atomicmongo.pattern.transaction;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.MongoException;
import com.mongodb.TransactionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.Capability;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicMongoErrors;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.collection.ServerCapabilities;

/**
 * Runs a unit of work in a multi-document transaction, retried as the server asks: the whole
 * work again when a failure is labelled {@code TransientTransactionError} (such as a write
 * conflict with another transaction), the commit again when it is labelled
 * {@code UnknownTransactionCommitResult}. Both loops run under a {@link RetryPolicy}
 * ({@link RetryPolicy#defaults()} unless {@link #withRetryPolicy} says otherwise): bounded
 * attempts and time, jittered backoff.
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
 * <p><b>Errors.</b> Every driver failure, whether from the session or from a driver call inside
 * the work, passes through the one translation ({@link AtomicMongoErrors}); a transaction is retried
 * when the translated {@link MongoOperationException} {@linkplain MongoOperationException#hasErrorLabel
 * has the label}. Any other exception from the work aborts the transaction and is rethrown unchanged.
 * Immutable and thread-safe; the capability answer is probed once and shared by copies.
 */
public final class Transactions {
    private final MongoClient client;
    private final MongoDatabase database;
    private final TransactionOptions options;
    private final AtomicReference<Boolean> supported;
    private final RetryPolicy retryPolicy;

    private Transactions(MongoClient client, MongoDatabase database, TransactionOptions options,
                         AtomicReference<Boolean> supported, RetryPolicy retryPolicy) {
        this.client = client;
        this.database = database;
        this.options = options;
        this.supported = supported;
        this.retryPolicy = retryPolicy;
    }

    /**
     * Transactions on {@code client}; whether its server supports them is asked once, through
     * {@link ServerCapabilities#probe(MongoDatabase)} on {@code database}, on first use.
     */
    public static Transactions of(MongoClient client, MongoDatabase database) {
        return new Transactions(Objects.requireNonNull(client, "client"), Objects.requireNonNull(database, "database"),
                TransactionOptions.builder().build(), new AtomicReference<>(), RetryPolicy.defaults());
    }

    /** Transactions on {@code client}, whose server's capabilities the caller already knows. */
    public static Transactions of(MongoClient client, ServerCapabilities capabilities) {
        Objects.requireNonNull(capabilities, "capabilities");
        return new Transactions(Objects.requireNonNull(client, "client"), null, TransactionOptions.builder().build(),
                new AtomicReference<>(capabilities.supportsTransactions()), RetryPolicy.defaults());
    }

    /** A copy whose transactions use these read concern, write concern and read preference options. */
    @CheckReturnValue
    public Transactions withOptions(TransactionOptions options) {
        return new Transactions(client, database, Objects.requireNonNull(options, "options"), supported, retryPolicy);
    }

    /** A copy that retries transient transaction failures and unknown commit results under {@code policy}. */
    @CheckReturnValue
    public Transactions withRetryPolicy(RetryPolicy policy) {
        return new Transactions(client, database, options, supported, Objects.requireNonNull(policy, "policy"));
    }

    /** The policy transient failures are retried under. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
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
     * Runs {@code work} in a transaction and commits it; returns what the work returned. The work
     * is run again from the start, in a new transaction, when it or the commit fails with a
     * {@code TransientTransactionError}; the commit alone is tried again on an
     * {@code UnknownTransactionCommitResult}.
     *
     * @throws MissingCapabilityException if the server does not support transactions
     * @throws MongoOperationException if the transaction fails and cannot be retried, or the last
     *         retry the policy allowed failed too
     * @throws RuntimeException whatever the work threw, after aborting the transaction
     */
    public <R> R inTransaction(TransactionWork<R> work) {
        Objects.requireNonNull(work, "work");
        if (!isSupported()) {
            throw new MissingCapabilityException(Capability.TRANSACTIONS,
                    "multi-document transactions need a replica set or a sharded cluster; "
                            + "a change kept in one document needs no transaction");
        }
        return retryPolicy.execute("transaction", attempt -> Optional.of(new Result<>(once(work))),
                e -> labelled(e, MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)).value();
    }

    private <R> R once(TransactionWork<R> work) {
        try (ClientSession session = AtomicMongoErrors.translating("startSession", client::startSession)) {
            AtomicMongoErrors.translating("startTransaction", () -> {
                session.startTransaction(options);
                return null;
            });
            R result;
            try {
                result = AtomicMongoErrors.translating("transaction", () -> work.run(session));
            } catch (RuntimeException e) {
                abort(session, e);
                throw e;
            }
            commit(session);
            return result;
        }
    }

    private void commit(ClientSession session) {
        retryPolicy.execute("commitTransaction", attempt -> Optional.of(AtomicMongoErrors.translating("commitTransaction", () -> {
            session.commitTransaction();
            return Boolean.TRUE;
        })), e -> labelled(e, MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL));
    }

    private static void abort(ClientSession session, RuntimeException cause) {
        try {
            AtomicMongoErrors.translating("abortTransaction", () -> {
                if (session.hasActiveTransaction()) {
                    session.abortTransaction();
                }
                return null;
            });
        } catch (AtomicMongoException abortFailure) {
            cause.addSuppressed(abortFailure);
        }
    }

    private static boolean labelled(RuntimeException e, String label) {
        return e instanceof MongoOperationException failure && failure.hasErrorLabel(label);
    }

    /** What the work returned, possibly null (a retry policy's attempt returns a present value). */
    private record Result<R>(R value) {
    }

    @Override
    public String toString() {
        return "Transactions{" + (database != null ? database.getName() : "known capabilities")
                + ", supported=" + supported.get() + ", retry=" + retryPolicy + "}";
    }
}

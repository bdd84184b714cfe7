package dev.atomicmongo.pattern.transaction;

import com.mongodb.client.ClientSession;

/**
 * The unit of work {@link Transactions#inTransaction} runs; every operation in it must use the
 * given session (for example through {@code AtomicCollection.withSession(session)}). It may run
 * more than once when the transaction is retried, so it should have no effects outside the database.
 *
 * @param <R> what the work returns
 */
@FunctionalInterface
public interface TransactionWork<R> {
    /** Runs the work inside the transaction of {@code session}. */
    R run(ClientSession session);
}

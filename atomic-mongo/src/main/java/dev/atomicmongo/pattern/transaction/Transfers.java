package dev.atomicmongo.pattern.transaction;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.internal.CheckReturnValue;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * Moves money between two account documents in one transaction: debit the source only if its
 * balance covers the amount, credit the target, both or neither. Balances are
 * {@code Decimal128}. Needs a server with transactions ({@link Transactions}).
 *
 * <pre>{@code
 * Transfers transfers = Transfers.of(Transactions.of(client, db), db.getCollection("accounts"));
 * TransferOutcome outcome = transfers.transfer("alice", "bob", new BigDecimal("25.00"));
 * // Transferred[fromBalance=75.00, toBalance=25.00], InsufficientFunds or AccountNotFound
 * }</pre>
 *
 * <p>Inside the transaction: one {@code findOneAndUpdate} on
 * {@code {_id: from, balance: {$gte: amount}}} with {@code $inc: {balance: -amount}}, then one on
 * {@code {_id: to}} with {@code $inc: {balance: amount}}. When either matches nothing the
 * transaction is aborted, so a debit is never kept without its credit. Immutable and thread-safe.
 */
public final class Transfers {
    private final Transactions transactions;
    private final AtomicCollection<BsonDocument> accounts;
    private final String balanceField;

    private Transfers(Transactions transactions, AtomicCollection<BsonDocument> accounts, String balanceField) {
        this.transactions = transactions;
        this.accounts = accounts;
        this.balanceField = balanceField;
    }

    /** Transfers between documents of {@code accounts}, with the balance in {@code balance}. */
    public static Transfers of(Transactions transactions, AtomicCollection<?> accounts) {
        return new Transfers(Objects.requireNonNull(transactions, "transactions"),
                Objects.requireNonNull(accounts, "accounts").withDocumentClass(BsonDocument.class), "balance");
    }

    /** Transfers between documents of a driver collection. */
    public static Transfers of(Transactions transactions, MongoCollection<?> accounts) {
        return of(transactions, AtomicCollection.of(Objects.requireNonNull(accounts, "accounts")));
    }

    /** A copy that keeps balances in {@code field}. */
    @CheckReturnValue
    public Transfers withBalanceField(String field) {
        Conditions.field(field); // validates the path
        return new Transfers(transactions, accounts, field);
    }

    /**
     * Moves {@code amount} from one account to another in one transaction.
     *
     * @throws IllegalArgumentException if {@code amount} is not positive or the accounts are the same
     * @throws dev.atomicmongo.MissingCapabilityException if the server does not support transactions
     * @throws dev.atomicmongo.AtomicMongoException if the transaction fails and cannot be retried
     */
    public TransferOutcome transfer(Object fromId, Object toId, BigDecimal amount) {
        Objects.requireNonNull(fromId, "fromId");
        Objects.requireNonNull(toId, "toId");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be > 0, got " + amount);
        }
        if (fromId.equals(toId)) {
            throw new IllegalArgumentException("Cannot transfer from account " + fromId + " to itself");
        }
        try {
            return transactions.inTransaction(session -> move(session, fromId, toId, amount));
        } catch (Refused refused) {
            return refused.outcome;
        }
    }

    private TransferOutcome move(ClientSession session, Object fromId, Object toId, BigDecimal amount) {
        AtomicCollection<BsonDocument> inTransaction = accounts.withSession(session);
        FindAndUpdateOptions after = FindAndUpdateOptions.returnAfter().withProjection(Projections.include(balanceField));
        Optional<BsonDocument> debited = inTransaction.findOneAndUpdate(
                Conditions.and(Conditions.eq("_id", fromId), Conditions.gte(balanceField, new Decimal128(amount))),
                UpdateBuilder.update().inc(balanceField, new Decimal128(amount.negate())), after);
        if (debited.isEmpty()) {
            BsonDocument source = find(session, Conditions.eq("_id", fromId));
            throw new Refused(source == null ? new TransferOutcome.AccountNotFound(fromId)
                    : new TransferOutcome.InsufficientFunds(balanceOf(source), amount));
        }
        Optional<BsonDocument> credited = inTransaction.findOneAndUpdate(Conditions.eq("_id", toId),
                UpdateBuilder.update().inc(balanceField, new Decimal128(amount)), after);
        if (credited.isEmpty()) {
            throw new Refused(new TransferOutcome.AccountNotFound(toId)); // aborts: the debit is undone
        }
        return new TransferOutcome.Transferred(balanceOf(debited.get()), balanceOf(credited.get()));
    }

    private BsonDocument find(ClientSession session, Bson filter) {
        return accounts.withSession(session).findOne(filter, Projections.include(balanceField)).orElse(null);
    }

    private BigDecimal balanceOf(BsonDocument account) {
        BsonValue value = BsonValues.valueAt(account, balanceField);
        if (value == null || value.isNull()) {
            return BigDecimal.ZERO;
        }
        BigDecimal balance = BsonValues.decimalOf(value);
        if (balance == null) {
            throw new IllegalStateException("Account " + account.get("_id") + " has a non-numeric '" + balanceField + "'");
        }
        return balance;
    }

    /** Aborts the transaction with an expected outcome. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient TransferOutcome outcome;

        Refused(TransferOutcome outcome) {
            super(outcome.toString(), null, false, false);
            this.outcome = outcome;
        }
    }

    @Override
    public String toString() {
        return "Transfers{" + accounts.namespace() + ", balance=" + balanceField + "}";
    }
}

package dev.atomicmongo.pattern.transaction;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.StoredValues;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Moves money between two account documents in one transaction: debit the source only if its
 * balance covers the amount, credit the target, both or neither. Balances are
 * {@code Decimal128}. Needs a server with transactions ({@link Transactions}).
 *
 * <pre>{@code
 * Transfers transfers = Transfers.of(Transactions.of(client, db), db.getCollection("accounts"));
 * TransferOutcome outcome = transfers.transfer("alice", "bob", new BigDecimal("25.00"));
 * // Transferred[fromBalance=75.00, toBalance=25.00], InsufficientFunds or AccountNotFound
 * transfers.transfer("alice", "bob", BigDecimal.ONE).orThrow();   // or InsufficientFundsException
 * }</pre>
 *
 * <p>Inside the transaction: one {@code findOneAndUpdate} on
 * {@code {_id: from, balance: {$gte: amount}}} with {@code $inc: {balance: -amount}}, then one on
 * {@code {_id: to}} with {@code $inc: {balance: amount}}. When either matches nothing the
 * transaction is aborted, so a debit is never kept without its credit. The commands are compiled
 * by a package-private {@code TransfersCommands} and run with {@link AtomicCollection#execute}.
 * Immutable and thread-safe.
 */
public final class Transfers {
    private final Transactions transactions;
    private final AtomicCollection<BsonDocument> accounts;
    private final String balanceField;
    private final TransfersCommands commands;

    private Transfers(Transactions transactions, AtomicCollection<BsonDocument> accounts, String balanceField) {
        this.transactions = transactions;
        this.accounts = accounts;
        this.balanceField = balanceField;
        this.commands = new TransfersCommands(accounts.commands(), balanceField);
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

    /**
     * A copy that keeps balances in {@code field}.
     *
     * @throws IllegalArgumentException if the path is blank, has an empty segment or a {@code $}-prefixed segment
     */
    @CheckReturnValue
    public Transfers withBalanceField(String field) {
        return new Transfers(transactions, accounts, Conditions.field(field).path());
    }

    /**
     * Moves {@code amount} from one account to another in one transaction.
     *
     * @return {@link TransferOutcome.Transferred}, {@link TransferOutcome.InsufficientFunds} or
     *         {@link TransferOutcome.AccountNotFound}
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
        Optional<BsonDocument> debited = inTransaction.execute(commands.debit(fromId, amount));
        if (debited.isEmpty()) {
            Optional<BsonDocument> source = inTransaction.find(commands.account(fromId), commands.balanceOnly())
                    .stream().findFirst();
            throw new Refused(source.isEmpty() ? new TransferOutcome.AccountNotFound(fromId, commands.account(fromId))
                    : new TransferOutcome.InsufficientFunds(commands.condition(amount), balanceOf(source.get()), amount));
        }
        Optional<BsonDocument> credited = inTransaction.execute(commands.credit(toId, amount));
        if (credited.isEmpty()) {
            // aborts: the debit is undone
            throw new Refused(new TransferOutcome.AccountNotFound(toId, commands.account(toId)));
        }
        return new TransferOutcome.Transferred(balanceOf(debited.get()), balanceOf(credited.get()));
    }

    private BigDecimal balanceOf(BsonDocument account) {
        Optional<BsonValue> value = StoredValues.valueAt(account, balanceField).filter(v -> !v.isNull());
        if (value.isEmpty()) {
            return BigDecimal.ZERO;
        }
        return StoredValues.decimal(value.get()).orElseThrow(() -> new IllegalStateException(
                "Account " + account.get("_id") + " has a non-numeric '" + balanceField + "'"));
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

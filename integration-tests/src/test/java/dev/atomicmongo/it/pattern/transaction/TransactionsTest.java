package dev.atomicmongo.it.pattern.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.ServerCapabilities;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.transaction.InsufficientFundsException;
import dev.atomicmongo.pattern.transaction.TransferOutcome;
import dev.atomicmongo.pattern.transaction.Transactions;
import dev.atomicmongo.pattern.transaction.Transfers;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.RequiresCapability;
import dev.atomicmongo.test.TestMongo;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@MongoTest
class TransactionsTest {
    private static final String NO_TRANSACTIONS = "The server does not support transactions (a replica set or sharded "
            + "cluster): multi-document transactions need a replica set or a sharded cluster; a change kept in one "
            + "document needs no transaction";

    private MongoCollection<Document> accounts;

    @BeforeEach
    void setUp(MongoDatabase db, TestInfo test) {
        accounts = db.getCollection(test.getTestMethod().orElseThrow().getName());
    }

    private void open(String id, String balance) {
        accounts.insertOne(new Document("_id", id).append("balance", Decimal128.parse(balance)));
    }

    private Object balance(String id) {
        return accounts.find(new Document("_id", id)).first().get("balance");
    }

    @Test
    void a_server_without_transactions_gets_a_missing_capability_error_before_anything_runs(MongoClient client) {
        Transactions none = Transactions.of(client, ServerCapabilities.of());
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> none.inTransaction(session -> ran.incrementAndGet()))
                .isInstanceOfSatisfying(MissingCapabilityException.class,
                        e -> assertThat(e.capability()).isEqualTo(Capability.TRANSACTIONS))
                .hasMessage(NO_TRANSACTIONS);
        assertThat(ran).hasValue(0);
        assertThat(none.isSupported()).isFalse();
    }

    @Test
    void probing_a_server_without_transactions_refuses_a_transfer_and_changes_nothing(TestMongo mongo, MongoClient client,
                                                                                        MongoDatabase db) {
        assumeFalse(mongo.has(Capability.TRANSACTIONS), "this test is about a server without transactions");
        open("alice", "100.00");
        open("bob", "0.00");
        Transfers transfers = Transfers.of(Transactions.of(client, db), accounts);

        assertThatThrownBy(() -> transfers.transfer("alice", "bob", new BigDecimal("10.00")))
                .isInstanceOf(MissingCapabilityException.class).hasMessage(NO_TRANSACTIONS);
        assertThat(balance("alice")).isEqualTo(Decimal128.parse("100.00"));
        assertThat(balance("bob")).isEqualTo(Decimal128.parse("0.00"));
    }

    @Test
    void refuses_a_transfer_that_is_not_positive_or_to_the_same_account(MongoClient client) {
        Transfers transfers = Transfers.of(Transactions.of(client, ServerCapabilities.of()), accounts);

        assertThatThrownBy(() -> transfers.transfer("a", "b", BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must be > 0, got 0");
        assertThatThrownBy(() -> transfers.transfer("a", "a", BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot transfer from account a to itself");
    }

    @Test
    @RequiresCapability(Capability.TRANSACTIONS)
    void the_work_commits_all_its_writes(MongoClient client, MongoDatabase db) {
        Transactions transactions = Transactions.of(client, db);

        String result = transactions.inTransaction(session -> {
            accounts.insertOne(session, new Document("_id", "a"));
            accounts.insertOne(session, new Document("_id", "b"));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(accounts.countDocuments()).isEqualTo(2);
    }

    @Test
    @RequiresCapability(Capability.TRANSACTIONS)
    void an_exception_in_the_work_aborts_every_write_and_is_rethrown_unchanged(MongoClient client, MongoDatabase db) {
        Transactions transactions = Transactions.of(client, db);
        IllegalStateException failure = new IllegalStateException("changed my mind");

        assertThatThrownBy(() -> transactions.inTransaction(session -> {
            accounts.insertOne(session, new Document("_id", "a"));
            throw failure;
        })).isSameAs(failure);
        assertThat(accounts.countDocuments()).isZero();
    }

    @Test
    @RequiresCapability(Capability.TRANSACTIONS)
    void a_transfer_debits_and_credits_in_one_transaction(MongoClient client, MongoDatabase db) {
        open("alice", "100.00");
        open("bob", "5.00");
        Transfers transfers = Transfers.of(Transactions.of(client, db), accounts);

        TransferOutcome outcome = transfers.transfer("alice", "bob", new BigDecimal("25.50"));

        assertThat(outcome).isEqualTo(new TransferOutcome.Transferred(new BigDecimal("74.50"), new BigDecimal("30.50")));
        assertThat(balance("alice")).isEqualTo(Decimal128.parse("74.50"));
        assertThat(balance("bob")).isEqualTo(Decimal128.parse("30.50"));
    }

    @Test
    @RequiresCapability(Capability.TRANSACTIONS)
    void insufficient_funds_leave_both_balances_untouched(MongoClient client, MongoDatabase db) {
        open("alice", "10.00");
        open("bob", "0.00");
        Transfers transfers = Transfers.of(Transactions.of(client, db), accounts);

        TransferOutcome outcome = transfers.transfer("alice", "bob", new BigDecimal("10.01"));

        assertThat(outcome).isEqualTo(new TransferOutcome.InsufficientFunds(
                BsonDocument.parse("{balance: {$gte: {$numberDecimal: '10.01'}}}"), new BigDecimal("10.00"), new BigDecimal("10.01")));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(InsufficientFundsException.class);
        assertThat(balance("alice")).isEqualTo(Decimal128.parse("10.00"));
        assertThat(balance("bob")).isEqualTo(Decimal128.parse("0.00"));
    }

    @Test
    @RequiresCapability(Capability.TRANSACTIONS)
    void a_missing_target_account_rolls_the_debit_back(MongoClient client, MongoDatabase db) {
        open("alice", "50.00");
        Transfers transfers = Transfers.of(Transactions.of(client, db), accounts);

        TransferOutcome outcome = transfers.transfer("alice", "nobody", new BigDecimal("20.00"));

        assertThat(outcome).isEqualTo(new TransferOutcome.AccountNotFound("nobody", BsonDocument.parse("{_id: 'nobody'}")));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(DocumentNotFoundException.class);
        assertThat(balance("alice")).isEqualTo(Decimal128.parse("50.00"));
        assertThat(transfers.transfer("ghost", "alice", BigDecimal.ONE))
                .isEqualTo(new TransferOutcome.AccountNotFound("ghost", BsonDocument.parse("{_id: 'ghost'}")));
    }

    @Test
    @RequiresCapability(Capability.TRANSACTIONS)
    void concurrent_transfers_conserve_the_total_and_never_overdraw(MongoClient client, MongoDatabase db) throws Exception {
        List<String> ids = List.of("a", "b", "c", "d");
        ids.forEach(id -> open(id, "100.00"));
        Transfers transfers = Transfers.of(Transactions.of(client, db), AtomicCollection.of(accounts));
        AtomicInteger settled = new AtomicInteger();

        Concurrency.run(8, thread -> {
            for (int i = 0; i < 25; i++) {
                int from = ThreadLocalRandom.current().nextInt(4);
                int to = (from + 1 + ThreadLocalRandom.current().nextInt(3)) % 4;
                TransferOutcome outcome = transfers.transfer(ids.get(from), ids.get(to), new BigDecimal("7.25"));
                assertThat(outcome).isNotInstanceOf(TransferOutcome.AccountNotFound.class);
                settled.incrementAndGet();
            }
        });

        List<BigDecimal> balances = new ArrayList<>();
        ids.forEach(id -> balances.add(((Decimal128) balance(id)).bigDecimalValue()));
        assertThat(settled).hasValue(200);
        assertThat(balances).allSatisfy(b -> assertThat(b).isGreaterThanOrEqualTo(BigDecimal.ZERO));
        assertThat(balances.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("400.00");
    }
}

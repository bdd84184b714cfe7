package dev.atomicmongo.pattern.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import dev.atomicmongo.Capability;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.collection.ServerCapabilities;
import org.junit.jupiter.api.Test;

/**
 * How {@link Transactions} retries, against a recording stand-in for the driver's client and
 * session (the embedded test server has no transactions): by the labels of the one translation,
 * under a retry policy.
 */
class TransactionsRetryTest {
    private static final RetryPolicy THREE = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build();

    private final List<String> calls = new ArrayList<>();
    private final List<RuntimeException> commitFailures = new ArrayList<>();
    private final Transactions transactions = Transactions.of(client(), ServerCapabilities.of(Capability.TRANSACTIONS))
            .withRetryPolicy(THREE);

    private static MongoException labelled(String label) {
        MongoException e = new MongoException(112, "WriteConflict");
        e.addLabel(label);
        return e;
    }

    @Test
    void a_transient_failure_of_the_work_reruns_it_in_a_new_transaction_until_it_commits() {
        AtomicInteger runs = new AtomicInteger();

        String result = transactions.inTransaction(session -> {
            if (runs.incrementAndGet() < 3) {
                throw labelled(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(calls).containsExactly("start", "abort", "close", "start", "abort", "close", "start", "commit", "close");
    }

    @Test
    void a_transient_failure_that_outlasts_the_retry_policy_is_thrown_translated_after_its_attempts() {
        AtomicInteger runs = new AtomicInteger();
        MongoException conflict = labelled(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);

        assertThatThrownBy(() -> transactions.inTransaction(session -> {
            runs.incrementAndGet();
            throw conflict;
        })).isInstanceOfSatisfying(MongoOperationException.class, e -> {
            assertThat(e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)).isTrue();
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getCause()).isSameAs(conflict);
        }).hasMessage("transaction failed: WriteConflict");
        assertThat(runs).hasValue(3);
    }

    @Test
    void an_unknown_commit_result_retries_the_commit_alone() {
        commitFailures.add(labelled(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL));
        AtomicInteger runs = new AtomicInteger();

        Integer result = transactions.inTransaction(session -> runs.incrementAndGet());

        assertThat(result).isEqualTo(1);
        assertThat(calls).containsExactly("start", "commit", "commit", "close");
    }

    @Test
    void a_transient_failure_of_the_commit_reruns_the_whole_work() {
        commitFailures.add(labelled(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL));
        AtomicInteger runs = new AtomicInteger();

        transactions.inTransaction(session -> runs.incrementAndGet());

        assertThat(runs).hasValue(2);
        assertThat(calls).containsExactly("start", "commit", "close", "start", "commit", "close");
    }

    @Test
    void a_driver_failure_without_a_transient_label_is_translated_once_and_not_retried() {
        MongoException failure = new MongoException(2, "BadValue");
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> transactions.inTransaction(session -> {
            runs.incrementAndGet();
            throw failure;
        })).isInstanceOfSatisfying(MongoOperationException.class, e -> {
            assertThat(e.code()).isEqualTo(2);
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getCause()).isSameAs(failure);
        });
        assertThat(runs).hasValue(1);
        assertThat(calls).containsExactly("start", "abort", "close");
    }

    @Test
    void an_exception_of_the_work_aborts_and_is_rethrown_unchanged_without_retry() {
        IllegalStateException failure = new IllegalStateException("changed my mind");

        assertThatThrownBy(() -> transactions.inTransaction(session -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(calls).containsExactly("start", "abort", "close");
    }

    @Test
    void a_work_returning_null_returns_null() {
        Object result = transactions.inTransaction(session -> null);

        assertThat(result).isNull();
        assertThat(calls).containsExactly("start", "commit", "close");
    }

    private MongoClient client() {
        return proxy(MongoClient.class, (name, args) -> name.equals("startSession") && args == null ? session() : null);
    }

    private ClientSession session() {
        boolean[] active = {false};
        return proxy(ClientSession.class, (name, args) -> {
            switch (name) {
                case "startTransaction" -> {
                    active[0] = true;
                    calls.add("start");
                }
                case "commitTransaction" -> {
                    calls.add("commit");
                    if (!commitFailures.isEmpty()) {
                        throw commitFailures.remove(0);
                    }
                    active[0] = false;
                }
                case "abortTransaction" -> {
                    calls.add("abort");
                    active[0] = false;
                }
                case "hasActiveTransaction" -> {
                    return active[0];
                }
                case "close" -> calls.add("close");
                default -> throw new UnsupportedOperationException(name);
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) ->
                switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + " stand-in";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> handler.handle(method.getName(), args);
                }));
    }
}

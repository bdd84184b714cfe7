package dev.atomicmongo.adversarial;

import java.util.ArrayList;
import java.util.List;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.UpdateBuilder;
import org.junit.jupiter.api.Test;

/**
 * The contract of exceptions: for any input, a public builder method or a {@link Commands}
 * compile either succeeds or throws {@link IllegalArgumentException} / {@link NullPointerException}
 * whose message names the path or the argument at fault; nothing else escapes (no
 * ClassCastException, ArithmeticException, codec or BSON exception, IllegalStateException,
 * StackOverflowError...). Printing, comparing and hashing never throw.
 */
class ExceptionContractPropertiesTest {
    private static final Commands COMMANDS = Commands.withDefaultCodecs();

    @Test
    void update_builder_calls_and_their_compilation_throw_only_the_contracts_exceptions() {
        Cases.forAll(2_001L, Calls.updateCalls(), ExceptionContractPropertiesTest::updateCallsKeepTheContract);
    }

    @Test
    void condition_factories_and_filter_compilation_throw_only_the_contracts_exceptions() {
        Cases.forAll(2_002L, Calls.filterCall(), ExceptionContractPropertiesTest::filterCallKeepsTheContract);
    }

    @Test
    void pipeline_and_expression_calls_and_their_compilation_throw_only_the_contracts_exceptions() {
        Cases.forAll(2_003L, Calls.pipelineCalls(), ExceptionContractPropertiesTest::pipelineCallsKeepTheContract);
    }

    private static void updateCallsKeepTheContract(List<Calls.UpdateCall> calls) {
        UpdateBuilder update = UpdateBuilder.update();
        List<String> paths = new ArrayList<>();
        for (Calls.UpdateCall call : calls) {
            try {
                update = call.apply(update);
                paths.addAll(call.names().subList(0, 2));
            } catch (Throwable t) {
                Calls.assertContract(t, call.toString(), call.names());
            }
            update.toString();
            update.hashCode();
            update.equals(UpdateBuilder.update());
        }
        paths.add("Empty update");
        paths.add("arrayFilter");
        paths.add(Calls.NUL_KEY);
        paths.add("setOnInsert("); // setOnInsert(document) refusals name the call
        String compile = "compile " + calls;
        for (int i = 0; i < 4; i++) {
            try {
                switch (i) {
                    case 0 -> COMMANDS.updateOne(Conditions.eq("_id", 1), update);
                    case 1 -> COMMANDS.upsertOne(Conditions.eq("_id", 1), update);
                    case 2 -> COMMANDS.findOneAndUpdate(Conditions.eq("_id", 1), update, FindAndUpdateOptions.returnAfter());
                    default -> update.toBsonDocument();
                }
            } catch (Throwable t) {
                Calls.assertContract(t, compile, paths);
            }
        }
    }

    private static void filterCallKeepsTheContract(Calls.FilterCall call) {
        Condition condition;
        try {
            condition = call.build();
        } catch (Throwable t) {
            Calls.assertContract(t, call.toString(), call.names());
            return;
        }
        condition.toString();
        condition.hashCode();
        condition.equals(Conditions.exists("a"));
        List<String> names = new ArrayList<>(call.names().subList(0, 2));
        names.add(Calls.NUL_KEY);
        for (int i = 0; i < 3; i++) {
            try {
                switch (i) {
                    case 0 -> COMMANDS.filter(condition);
                    case 1 -> COMMANDS.upsertOne(condition, UpdateBuilder.update().set("x", 1));
                    default -> COMMANDS.updateIf(Conditions.eq("_id", 1), condition, UpdateBuilder.update().inc("n", 1));
                }
            } catch (Throwable t) {
                List<String> allowed = new ArrayList<>(names);
                if (call.method().equals("expr")) {
                    allowed.add("$expr"); // a literal inside an expression has no path: the message names the $expr
                }
                if (call.method().equals("andDocument")) {
                    allowed.add("document"); // a foreign Bson has no path: the message names the argument
                    allowed.add("filter");
                }
                if (i == 1) {
                    allowed.add("$expr"); // an upsert's filter must not use $expr: that refusal names the operator
                }
                Calls.assertContract(t, "compile " + call, allowed);
            }
        }
    }

    private static void pipelineCallsKeepTheContract(List<Calls.PipelineCall> calls) {
        PipelineUpdate pipeline = PipelineUpdate.pipeline();
        List<String> names = new ArrayList<>();
        for (Calls.PipelineCall call : calls) {
            try {
                pipeline = call.apply(pipeline);
                names.addAll(call.names().subList(0, 2));
            } catch (Throwable t) {
                Calls.assertContract(t, call.toString(), call.names());
            }
            pipeline.toString();
            pipeline.hashCode();
            pipeline.equals(PipelineUpdate.pipeline());
        }
        names.add("Empty pipeline");
        names.add(Calls.NUL_KEY);
        try {
            COMMANDS.updateOne(Conditions.eq("_id", 1), pipeline);
        } catch (Throwable t) {
            Calls.assertContract(t, "compile " + calls, names);
        }
    }
}

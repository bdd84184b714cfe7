package dev.atomicmongo.test;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.Capability;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The JUnit 5 extension behind {@link MongoTest}; see there. */
public final class MongoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MongoExtension.class);

    /** The key of the report entry naming the server a test class runs on. */
    public static final String SERVER_REPORT_KEY = "atomic-mongo-test.server";

    @Override
    public void beforeAll(ExtensionContext context) {
        TestMongo mongo = TestMongo.shared();
        // shown by IDEs and the JUnit console launcher beside the test class, whatever the logging
        context.publishReportEntry(SERVER_REPORT_KEY, mongo.description());
        assumeCapabilities(mongo, context.getElement());
        context.getStore(NAMESPACE).put(context.getRequiredTestClass(),
                mongo.freshDatabase(context.getRequiredTestClass().getSimpleName()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeCapabilities(TestMongo.shared(), context.getElement());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        MongoDatabase db = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), MongoDatabase.class);
        if (db != null) {
            db.drop();
        }
    }

    private static void assumeCapabilities(TestMongo mongo, Optional<AnnotatedElement> element) {
        element.map(e -> e.getAnnotation(RequiresCapability.class)).ifPresent(required -> {
            for (Capability capability : required.value()) {
                mongo.assumeCapability(capability);
            }
        });
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MongoDatabase.class || type == MongoClient.class || type == TestMongo.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestMongo.class) {
            return TestMongo.shared();
        }
        if (type == MongoClient.class) {
            return TestMongo.shared().client();
        }
        Class<?> testClass = context.getRequiredTestClass();
        MongoDatabase db = context.getStore(NAMESPACE).get(testClass, MongoDatabase.class);
        if (db == null) {
            // a constructor parameter is resolved before beforeAll in some lifecycles
            db = context.getStore(NAMESPACE).getOrComputeIfAbsent(testClass,
                    k -> TestMongo.shared().freshDatabase(testClass.getSimpleName()), MongoDatabase.class);
        }
        return db;
    }
}

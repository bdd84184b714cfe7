package dev.atomicmongo.it.pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.test.TestMongo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The base of a pattern's test cases that run once per {@link ServerPath}: a test class nests two
 * subclasses, {@code @DisplayName("pipeline path")} and {@code @DisplayName("fallback path")}, so
 * the report names the path of every case. Parameters of type {@link MongoDatabase} (one per
 * concrete class and path), {@link MongoClient} and {@link TestMongo} come from the path's
 * server, and before each case the path is checked: a case cannot pass on the wrong one.
 */
@ExtendWith(PathCases.Resolver.class)
public abstract class PathCases {
    /** The path these cases run on. */
    protected final ServerPath path;

    protected PathCases(ServerPath path) {
        this.path = path;
    }

    /** This class's database on the path's server. */
    protected final MongoDatabase database() {
        return path.database(getClass());
    }

    @BeforeEach
    protected final void theServerTakesThePath() {
        path.assertTakenBy(AtomicCollection.of(database().getCollection("path_probe")));
    }

    /** Resolves the server parameters of a {@link PathCases} instance from its path. */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return context.getTestInstance().filter(PathCases.class::isInstance).isPresent()
                    && (type == MongoDatabase.class || type == MongoClient.class || type == TestMongo.class);
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            PathCases cases = (PathCases) context.getRequiredTestInstance();
            Class<?> type = parameter.getParameter().getType();
            if (type == TestMongo.class) {
                return cases.path.mongo();
            }
            return type == MongoClient.class ? cases.path.mongo().client() : cases.database();
        }
    }
}

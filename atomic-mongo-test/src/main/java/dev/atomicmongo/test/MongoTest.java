package dev.atomicmongo.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against {@link TestMongo#shared()}: test constructors, lifecycle and
 * test methods can take a {@link com.mongodb.client.MongoDatabase} (one fresh database per test
 * class, dropped after it), the {@link com.mongodb.client.MongoClient}, or the {@link TestMongo}.
 *
 * <pre>{@code
 * @MongoTest
 * class EventTest {
 *     @Test
 *     void counts(MongoDatabase db) { ... }
 *
 *     @Test
 *     @RequiresCapability(Capability.PIPELINE_UPDATES)
 *     void usesPipelines(MongoDatabase db) { ... }   // skipped on servers without them
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MongoExtension.class)
public @interface MongoTest {
}

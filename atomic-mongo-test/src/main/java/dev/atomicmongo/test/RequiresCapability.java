package dev.atomicmongo.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.atomicmongo.Capability;

/**
 * Skips a {@link MongoTest} test (or every test of a class) by a JUnit assumption naming the
 * capability, when the test server lacks it.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresCapability {
    /** The capabilities the test needs. */
    Capability[] value();
}

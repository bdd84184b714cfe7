package dev.atomicmongo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an immutable type, or a method of one, that returns a new value: ignoring the result is a
 * bug ({@code update.set("a", 1);} changes nothing). Error Prone and IntelliJ recognise an
 * annotation of this simple name and flag discarded results. Retained in class files only.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CheckReturnValue {
}

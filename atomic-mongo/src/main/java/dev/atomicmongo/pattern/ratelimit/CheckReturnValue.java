package dev.atomicmongo.pattern.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method returning a new value whose result must not be discarded. Error Prone and
 * IntelliJ recognise an annotation of this simple name; kept in this package so the pattern
 * needs no internal package.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface CheckReturnValue {
}

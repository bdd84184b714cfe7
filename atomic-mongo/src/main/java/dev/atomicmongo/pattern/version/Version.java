package dev.atomicmongo.pattern.version;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the version field of a POJO or record, so {@link OptimisticVersioning#of} finds it
 * without being told. The stored name is the one the driver's codec uses: the value of
 * {@code @BsonProperty} when present, else the Java name.
 *
 * <pre>{@code
 * record Article(@BsonId String id, String title, @Version long version) { }
 * OptimisticVersioning<Article> articles = OptimisticVersioning.of(db.getCollection("articles", Article.class));
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Version {
}

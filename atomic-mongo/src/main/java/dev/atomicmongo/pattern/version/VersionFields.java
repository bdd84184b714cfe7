package dev.atomicmongo.pattern.version;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonProperty;

/** Finds the stored name of the {@link Version}-annotated member of a document class. */
final class VersionFields {
    static final String DEFAULT = "version";

    private VersionFields() {
    }

    /** The stored name of the class's {@code @Version} member, or {@value #DEFAULT} when it has none. */
    static String of(Class<?> type) {
        List<String> found = new ArrayList<>(1);
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                AnnotatedElement[] views = {c, field(type, c.getName()), c.getAccessor()};
                if (any(views, Version.class)) {
                    found.add(storedName(views, c.getName()));
                }
            }
        } else {
            for (Class<?> t = type; t != null && t != Object.class; t = t.getSuperclass()) {
                for (Field f : t.getDeclaredFields()) {
                    if (f.isAnnotationPresent(Version.class)) {
                        found.add(storedName(new AnnotatedElement[] {f}, f.getName()));
                    }
                }
                for (Method m : t.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(Version.class)) {
                        found.add(storedName(new AnnotatedElement[] {m}, propertyName(m)));
                    }
                }
            }
        }
        List<String> distinct = found.stream().distinct().toList();
        if (distinct.size() > 1) {
            throw new IllegalArgumentException(type.getName() + " has more than one @Version member: " + distinct);
        }
        return distinct.isEmpty() ? DEFAULT : distinct.get(0);
    }

    private static Field field(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static boolean any(AnnotatedElement[] elements, Class<Version> annotation) {
        for (AnnotatedElement e : elements) {
            if (e != null && e.isAnnotationPresent(annotation)) {
                return true;
            }
        }
        return false;
    }

    private static String storedName(AnnotatedElement[] elements, String javaName) {
        for (AnnotatedElement e : elements) {
            BsonProperty property = e == null ? null : e.getAnnotation(BsonProperty.class);
            if (property != null && !property.value().isEmpty()) {
                return property.value();
            }
        }
        return javaName;
    }

    private static String propertyName(Method m) {
        String name = m.getName();
        for (String prefix : new String[] {"get", "is"}) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return Character.toLowerCase(name.charAt(prefix.length())) + name.substring(prefix.length() + 1);
            }
        }
        return name;
    }
}

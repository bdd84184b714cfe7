/**
 * atomic-mongo: race-free MongoDB updates on the official sync driver. The exported packages are
 * the public API; {@code dev.atomicmongo.internal} holds shared helpers and is not exported.
 */
module dev.atomicmongo {
    requires transitive org.mongodb.driver.sync.client;
    requires transitive org.mongodb.driver.core;
    requires transitive org.mongodb.bson;
    requires org.slf4j;

    exports dev.atomicmongo;
    exports dev.atomicmongo.update;
    exports dev.atomicmongo.filter;
    exports dev.atomicmongo.collection;
    exports dev.atomicmongo.pattern.booking;
    exports dev.atomicmongo.pattern.counter;
    exports dev.atomicmongo.pattern.lease;
    exports dev.atomicmongo.pattern.lock;
    exports dev.atomicmongo.pattern.mailbox;
    exports dev.atomicmongo.pattern.ratelimit;
    exports dev.atomicmongo.pattern.transaction;
    exports dev.atomicmongo.pattern.version;
}

package dev.atomicmongo.differential;

import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** Canonical extended JSON: keeps field order and number types, so two documents print alike only if they are alike. */
final class Canonical {
    private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private Canonical() {
    }

    static String json(BsonDocument document) {
        return document.toJson(EXTENDED);
    }
}

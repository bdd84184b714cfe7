package dev.atomicmongo.pattern.mailbox;

import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonValue;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistry;

/** Decodes stored values with the collection's codec registry. */
final class BsonDecoding {
    private static final DecoderContext CONTEXT = DecoderContext.builder().build();

    private BsonDecoding() {
    }

    static <T> T decode(BsonValue value, Class<T> type, CodecRegistry registry) {
        try (BsonDocumentReader reader = new BsonDocumentReader(new BsonDocument("v", value))) {
            reader.readStartDocument();
            reader.readName("v");
            return registry.get(type).decode(reader, CONTEXT);
        }
    }
}

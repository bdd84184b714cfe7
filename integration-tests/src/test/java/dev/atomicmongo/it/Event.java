package dev.atomicmongo.it;

import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/** A test document type: public, as the driver's record codec requires. */
public record Event(@BsonId ObjectId id, String url, String title, int views, List<String> tags) {
}

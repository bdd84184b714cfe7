package dev.atomicmongo.examples;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/** A media event recorded once per URL. Public, as the driver's record codec requires. */
public record MediaEvent(@BsonId String id,
                         @BsonProperty("media_id") String mediaId,
                         String title,
                         String url) {
}

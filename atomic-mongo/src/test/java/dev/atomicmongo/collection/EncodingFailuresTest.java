package dev.atomicmongo.collection;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Values the codecs cannot encode fail when compiled, as IllegalArgumentException naming the type. */
class EncodingFailuresTest {
    private final Commands commands = Commands.withDefaultCodecs();

    @Test
    void an_instant_outside_the_range_of_a_bson_date_is_refused() {
        assertThatThrownBy(() -> commands.updateOne(eq("_id", 1), update().set("at", Instant.MAX)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is outside the range of a BSON date");
        assertThatThrownBy(() -> commands.updateOne(eq("at", Instant.MIN), update().set("n", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is outside the range of a BSON date");
    }

    @Test
    void a_uuid_without_a_representation_is_refused_naming_its_type() {
        assertThatThrownBy(() -> commands.updateOne(eq("_id", 1), update().set("id", UUID.randomUUID())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.UUID");
    }

    @Test
    void a_value_without_a_codec_is_refused_naming_its_type() {
        assertThatThrownBy(() -> commands.updateOne(eq("_id", 1), update().set("maybe", Optional.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.Optional");
    }

    @Test
    void a_document_holding_a_value_the_codecs_refuse_is_refused_when_built_or_compiled() {
        assertThatThrownBy(() -> commands.updateOne(eq("_id", 1),
                update().set("doc", new org.bson.Document("id", UUID.randomUUID()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uuidRepresentation");
        assertThatThrownBy(() -> commands.updateOne(eq("doc", new org.bson.Document("id", UUID.randomUUID())),
                update().set("n", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uuidRepresentation");
    }

    private record Hidden(int a) {
    }

    @Test
    void a_record_the_codecs_cannot_reach_is_encoded_or_refused_as_IllegalArgumentException_naming_it() {
        try {
            commands.updateOne(eq("_id", 1), update().set("hidden", new Hidden(1)));
        } catch (IllegalArgumentException refused) {
            org.assertj.core.api.Assertions.assertThat(refused).hasMessageContaining("Hidden");
        }
    }
}

package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomicmongo.filter.Conditions;
import org.junit.jupiter.api.Test;

/**
 * toString() renders with the driver's default registry, what a collection of a default client
 * encodes with: a POJO is shown as a placeholder, never as the property bag automatic POJO
 * support would make of it, since a default collection would not send that.
 */
class ToStringShowsWhatIsSentTest {
    /** A POJO with properties, which automatic POJO support would print field by field. */
    public static final class Money {
        private final long cents;

        public Money(long cents) {
            this.cents = cents;
        }

        public long getCents() {
            return cents;
        }
    }

    @Test
    void a_pojo_in_an_update_prints_as_a_placeholder_not_as_its_properties() {
        String printed = update().set("price", new Money(5)).toString();

        assertThat(printed).isEqualTo("{\"$set\": {\"price\": \"<" + Money.class.getName()
                + ": encoded by the collection's codecs>\"}}");
        assertThat(printed).doesNotContain("cents");
    }

    @Test
    void a_pojo_in_a_condition_prints_as_a_placeholder_not_as_its_properties() {
        assertThat(Conditions.eq("price", new Money(5)).toString()).doesNotContain("cents")
                .contains("encoded by the collection's codecs");
    }

    @Test
    void values_with_a_default_codec_print_as_they_are_sent() {
        assertThat(update().set("a", 1).set("b", java.util.List.of("x")).toString())
                .isEqualTo("{\"$set\": {\"a\": 1, \"b\": [\"x\"]}}");
    }
}

package dev.atomicmongo.it.pattern.mailbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A stress-test state: the sum, how many events were applied, and the last sequence number seen from each poster. */
public record Tally(long sum, long count, List<Long> lastSeq) {

    static Tally empty(int posters) {
        return new Tally(0, 0, Collections.nCopies(posters, 0L));
    }

    Tally plus(Delta delta) {
        List<Long> seqs = new ArrayList<>(lastSeq);
        seqs.set(delta.poster(), delta.seq());
        return new Tally(sum + delta.amount(), count + 1, List.copyOf(seqs));
    }
}

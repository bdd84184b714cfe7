package dev.atomicmongo.it.pattern.mailbox;

import java.util.ArrayList;
import java.util.List;

import dev.atomicmongo.pattern.mailbox.MailboxEvent;

/** A test state: the ids and texts of every event applied, in order, so a duplicate or a loss shows. */
public record Journal(List<String> eventIds, List<String> texts) {

    static Journal empty() {
        return new Journal(List.of(), List.of());
    }

    Journal plus(List<MailboxEvent<Note>> events) {
        List<String> ids = new ArrayList<>(eventIds);
        List<String> all = new ArrayList<>(texts);
        for (MailboxEvent<Note> event : events) {
            ids.add(event.id().toHexString());
            all.add(event.event().text());
        }
        return new Journal(List.copyOf(ids), List.copyOf(all));
    }
}

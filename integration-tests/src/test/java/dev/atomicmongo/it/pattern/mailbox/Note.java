package dev.atomicmongo.it.pattern.mailbox;

/** A test event: a piece of text. */
public record Note(String text) {
}

package dev.atomicmongo.it.pattern.mailbox;

/** A stress-test event: poster {@code poster}'s {@code seq}-th event for one entity, adding {@code amount}. */
public record Delta(int poster, long seq, long amount) {
}

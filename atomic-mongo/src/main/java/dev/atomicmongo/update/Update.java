package dev.atomicmongo.update;

/**
 * An update the server can apply atomically to one document: either a classic operator update
 * ({@link UpdateBuilder}) or an aggregation-pipeline update ({@link PipelineUpdate}, MongoDB 4.2+).
 * Both are immutable and thread-safe.
 */
public sealed interface Update permits UpdateBuilder, PipelineUpdate {
}

package dev.atomicmongo;

/**
 * A document could not be encoded for the server or decoded from it at run time: a stored
 * document that does not fit the collection's document class, a value without a codec, a
 * document larger than BSON's 16 MiB limit. The codec's exception is the
 * {@linkplain #getCause() cause}. Nothing was written when encoding failed; when decoding failed
 * the write, if any, was applied.
 */
public class DocumentCodecException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;

    /** Wraps a codec failure, prefixing its message with what was being done. */
    public DocumentCodecException(String operation, RuntimeException cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
    }
}

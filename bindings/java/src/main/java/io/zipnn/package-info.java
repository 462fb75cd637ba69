/**
 * zipnn for Java: lossless compression of AI model weights.
 *
 * <ul>
 *   <li>{@link io.zipnn.Zipnn}: one-call compress / decompress / frameInfo for byte arrays and buffers;
 *   <li>{@link io.zipnn.ZipnnCompressor}, {@link io.zipnn.ZipnnDecompressor}: reusable contexts with parameters;
 *   <li>{@link io.zipnn.ZipnnOutputStream}, {@link io.zipnn.ZipnnInputStream}: streams of any length;
 *   <li>{@link io.zipnn.hadoop.ZipnnCodec}: the Hadoop / Spark codec for .znn files.
 * </ul>
 *
 * <p><b>Thread rules.</b> The static methods of {@code Zipnn} and {@code DType} are thread-safe.
 * A {@code ZipnnCompressor} or {@code ZipnnDecompressor} is internally synchronized: sharing one
 * is safe but serializes its users; give each thread its own for parallelism (separate contexts
 * are fully independent). Streams, like all java.io streams, are for one thread at a time. Each
 * native call may itself use several worker threads (parameter {@code threads}, 0 = all cores).
 *
 * <p><b>Errors.</b> Every library error is an unchecked {@link io.zipnn.ZipnnException} carrying
 * the status code and name; argument errors of the Java layer are the usual
 * {@code NullPointerException}, {@code IndexOutOfBoundsException}, {@code IllegalArgumentException};
 * a closed context throws {@code IllegalStateException}.
 *
 * <p><b>Native library.</b> The jar carries libzipnn_jni for its platform and loads it on first
 * use; {@code -Dzipnn.library.path=/path/to/libzipnn_jni.so} loads another copy. When it cannot
 * load, the first use throws {@code UnsatisfiedLinkError} saying why.
 */
package io.zipnn;

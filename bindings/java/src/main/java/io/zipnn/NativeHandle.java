package io.zipnn;

import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;

/**
 * Owns one native context pointer: frees it on {@link #close()}, or through a
 * {@link Cleaner} if its owner becomes unreachable without being closed. The owner
 * calls native code only inside its own {@code synchronized} methods, which keep it
 * reachable (and the pointer alive) for the whole call.
 */
final class NativeHandle {
  private static final Cleaner CLEANER = Cleaner.create();

  /** Holds only the pointer, never the owner, so the owner can become unreachable. */
  private static final class Release implements Runnable {
    private final long pointer;
    private final LongConsumer free;

    Release(long pointer, LongConsumer free) {
      this.pointer = pointer;
      this.free = free;
    }

    @Override
    public void run() {
      free.accept(pointer);
    }
  }

  private final String what;
  private final Cleaner.Cleanable cleanable;
  private long pointer;

  NativeHandle(Object owner, String what, long pointer, LongConsumer free) {
    this.what = what;
    this.pointer = pointer;
    this.cleanable = CLEANER.register(owner, new Release(pointer, free));
  }

  /** The pointer; the caller holds the owner's lock. @throws IllegalStateException once closed */
  long get() {
    if (pointer == 0) {
      throw new IllegalStateException(what + " is closed");
    }
    return pointer;
  }

  boolean isClosed() {
    return pointer == 0;
  }

  /** Frees the context; later calls do nothing. The caller holds the owner's lock. */
  void close() {
    if (pointer != 0) {
      pointer = 0;
      cleanable.clean();
    }
  }
}

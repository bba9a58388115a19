/**
 * A FIFO async mutex. The embedded engine runs every operation of a collection through one, so that its
 * read-modify-write updates (read, validate asynchronously, write) are atomic within the process.
 */
export interface AsyncMutex {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createAsyncMutex(): AsyncMutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      // The chain must survive a failed task; the caller still sees the rejection through `result`.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

// One at a time, in call order: each task starts once every earlier one has settled,
// whether it succeeded or failed. Used wherever work must not interleave on an engine:
// the native connection's statements, the page's gradings, the notebook's cells.

export interface Serial {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Settles once every task queued so far has. */
  idle(): Promise<void>;
}

export function serial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  const run = <T>(task: () => Promise<T>): Promise<T> => {
    const next = tail.then(task);
    tail = next.catch(() => undefined);
    return next;
  };
  return Object.assign(run, { idle: () => tail.then(() => undefined) });
}

/**
 * Runs tasks one after another, in the order they were queued. A failed task rejects its own promise only: the tasks
 * after it still run. The session uses one for inbound envelopes (relay order), one for seal+send (counter order) and
 * one for cache writes (message writes in order).
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Queues a task; the promise settles with the task's own outcome. */
  run(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Settles (never rejects) once every task queued so far has settled. */
  idle(): Promise<void> {
    return this.tail;
  }
}

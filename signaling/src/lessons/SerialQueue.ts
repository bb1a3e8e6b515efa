/**
 * Runs tasks one at a time, in the order they were given; a task that fails does not stop the
 * next. A lesson's commands go through one: with the records written asynchronously, two of them
 * (an end and a go-live, two launches, an answer and a close) could otherwise check the lesson's
 * state, both wait for the database, and both act.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(() => task());
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task given so far has finished. */
  async idle(): Promise<void> {
    await this.#tail;
  }
}

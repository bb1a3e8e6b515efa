/**
 * Runs async operations one at a time, in call order. A failure reaches its own caller and does
 * not stop the operations queued after it.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(operation);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

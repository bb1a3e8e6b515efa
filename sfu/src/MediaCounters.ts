import { observer } from 'mediasoup';
import type { types } from 'mediasoup';

export interface MediaCounts {
  workers: number;
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
}

/**
 * Live counts of mediasoup objects, kept by mediasoup's observer events rather than by polling:
 * nothing runs per packet or per second, and the counts are exact at every scrape.
 */
export class MediaCounters {
  readonly #counts: MediaCounts = { workers: 0, routers: 0, transports: 0, producers: 0, consumers: 0 };

  constructor() {
    observer.on('newworker', (worker) => this.#trackWorker(worker));
  }

  snapshot(): MediaCounts {
    return { ...this.#counts };
  }

  #count(key: keyof MediaCounts, emitter: { once(event: 'close', listener: () => void): unknown }): void {
    this.#counts[key] += 1;
    emitter.once('close', () => { this.#counts[key] -= 1; });
  }

  #trackWorker(worker: types.Worker): void {
    this.#count('workers', worker.observer);
    worker.observer.on('newrouter', (router) => {
      this.#count('routers', router.observer);
      router.observer.on('newtransport', (transport) => {
        this.#count('transports', transport.observer);
        transport.observer.on('newproducer', (producer) => this.#count('producers', producer.observer));
        transport.observer.on('newconsumer', (consumer) => this.#count('consumers', consumer.observer));
      });
    });
  }
}

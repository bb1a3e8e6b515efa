import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { SimulcastLayerWatch } from './SimulcastLayerWatch.ts';
import type { PublishedMedia } from './types.ts';

/**
 * Watched: what every classroom looks at. Not the classrooms' wall pictures: their layers follow
 * where the teacher looks, and a lesson has hundreds of them (a watch reads stats 7 times a second).
 */
const WATCHED_LABELS: ReadonlySet<string> = new Set(['camera', 'screen']);

/**
 * The layers a lesson's senders still send: one SimulcastLayerWatch per simulcast camera or
 * slides producer on this node. When a browser stops its top layer, its consumers are held at
 * the highest layer it still sends (`change`; MediaPeer and RecordingTap follow) instead of
 * waiting ~1.5 s for mediasoup's inactivity check with nothing to show; once the layer is back,
 * the hold is lifted.
 */
export class SenderLayers extends EventEmitter<{ change: [producerId: string] }> {
  readonly #watches = new Map<string, SimulcastLayerWatch>();

  /** Starts watching a producer of the lesson, if it is one to watch; it stops when the producer closes. */
  watch(producer: types.Producer, media: PublishedMedia): void {
    if (!WATCHED_LABELS.has(media.label) || !SimulcastLayerWatch.applies(producer) || this.#watches.has(producer.id)) return;
    const watch = new SimulcastLayerWatch(producer);
    this.#watches.set(producer.id, watch);
    watch.on('change', () => this.emit('change', producer.id));
    // (the watch stops by itself with its producer)
    producer.observer.once('close', () => this.#watches.delete(producer.id));
  }

  /** The watch of a producer, if it has one. */
  of(producerId: string): SimulcastLayerWatch | undefined {
    return this.#watches.get(producerId);
  }

  /** The highest layer of a producer its consumers may take now; undefined: any (every layer flows). */
  cap(producerId: string): number | undefined {
    const watch = this.#watches.get(producerId);
    return watch && watch.allowedLayer < watch.topLayer ? watch.allowedLayer : undefined;
  }

  clear(): void {
    for (const watch of this.#watches.values()) watch.stop();
    this.#watches.clear();
  }
}

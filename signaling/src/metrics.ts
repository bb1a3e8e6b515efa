import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { MediaCounters } from '@classroom/sfu';
import type { Role } from '@classroom/shared';
import type { WorkerPool } from '@classroom/sfu';
import type { LessonRegistry } from './lessons/LessonRegistry.ts';

export interface MetricSources {
  counters: MediaCounters;
  pool: WorkerPool;
  registry: LessonRegistry;
  socketRoles: () => Iterable<Role>;
}

/**
 * Prometheus metrics. Every gauge is read at scrape time from state kept anyway (mediasoup
 * observer counts, the socket list): nothing is sampled in the background.
 */
export function createMetrics(sources: MetricSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'classroom_' });
  const media = new Gauge({
    name: 'classroom_mediasoup_objects', help: 'Live mediasoup objects by type', labelNames: ['type'], registers: [registry],
    collect() {
      for (const [type, count] of Object.entries(sources.counters.snapshot())) this.set({ type }, count);
    },
  });
  void media;
  new Gauge({
    name: 'classroom_worker_routers', help: 'Routers per mediasoup worker', labelNames: ['worker'], registers: [registry],
    collect() {
      for (const slot of sources.pool.slots()) this.set({ worker: String(slot.index) }, slot.routers);
    },
  });
  new Gauge({
    name: 'classroom_sockets', help: 'Connected sockets by role', labelNames: ['role'], registers: [registry],
    collect() {
      const counts: Record<Role, number> = { teacher: 0, projector: 0, assistant: 0 };
      for (const role of sources.socketRoles()) counts[role] += 1;
      for (const [role, count] of Object.entries(counts)) this.set({ role }, count);
    },
  });
  new Gauge({
    name: 'classroom_live_lessons', help: 'Lessons with at least one connection', registers: [registry],
    collect() {
      this.set(sources.registry.liveLessons().length);
    },
  });
  return registry;
}

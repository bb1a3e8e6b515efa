import type { LessonStore } from '../db/LessonStore.ts';
import type { Logger } from '../logger.ts';
import type { LessonRegistry } from './LessonRegistry.ts';

/** What the rule needs of the cluster (Cluster). */
export interface AwayRuleCluster {
  /** Runs `work` only if this node runs the lesson, or takes it now because nobody does; undefined if another node runs it. */
  ifRunsHere<T>(lessonId: string, work: () => Promise<T>): Promise<T | undefined>;
  /** Closes the attendance left open by killed nodes: a teacher connected to one is away, not present. */
  closeGoneAttendance(): Promise<unknown>;
}

/**
 * Ends started lessons whose teacher has been away for `awayMs` (nobody ends a lesson whose
 * teacher and classrooms simply left: without this it stays "live" for ever). Reads the records,
 * so it also ends lessons nobody is connected to any more, and lessons left on by a restart.
 * Returns the function that stops it; `awayMs` 0 turns the rule off.
 *
 * In a cluster every node sweeps the same records, but each lesson is ended once: by the node
 * that runs it (whose teacher may be connected there: the records cannot tell), or, if nobody
 * runs it, by the node that takes its lease for that. A teacher whose node was killed is away:
 * before each sweep, the rows left open by nodes that are gone are closed.
 */
export function startTeacherAwayRule(
  registry: LessonRegistry, store: LessonStore, awayMs: number, log: Logger, cluster?: AwayRuleCluster,
): () => void {
  if (awayMs <= 0) return () => undefined;
  // Often enough to end within a tenth of the limit; at most once a minute.
  const every = Math.min(60_000, Math.max(250, Math.round(awayMs / 10)));
  let sweeping = false;
  const sweep = async (): Promise<void> => {
    // A sweep slower than the interval (a slow database) is not started twice.
    if (sweeping) return;
    sweeping = true;
    try {
      await cluster?.closeGoneAttendance();
      for (const lessonId of await store.lessonsWithTeacherAwaySince(new Date(Date.now() - awayMs))) {
        if (registry.get(lessonId)?.teacherConnected) continue;
        const end = async (): Promise<void> => {
          log.info({ lessonId, awayMinutes: awayMs / 60_000 }, 'teacher away too long: lesson ended by itself');
          await registry.end(lessonId, 'teacher_away');
        };
        await (cluster ? cluster.ifRunsHere(lessonId, end) : end());
      }
    } catch (error) {
      log.error({ err: error }, 'away-teacher rule failed; trying again at the next sweep');
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), every);
  timer.unref();
  return () => clearInterval(timer);
}

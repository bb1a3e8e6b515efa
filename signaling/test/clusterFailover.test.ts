import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { eventually, killed, LEASE_SECONDS, useCluster } from './clusterNodes.ts';
import { ok } from './harness.ts';

// A node killed (SIGKILL) with lessons running: what it left open in the shared records is
// closed by the others, and its clients find the lesson again on another node.
const cluster = useCluster();
const { inProcessNode, childNode, client } = cluster;

/** The attendance rows of a lesson: who, opened by which node, still open or not. */
async function attendance(lessonId: string): Promise<{ role: string; node: string | null; open: boolean }[]> {
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ role: string; node_id: string | null; left_at: string | null }>(
      'SELECT role, node_id, left_at FROM attendance WHERE lesson_id = $1 ORDER BY id', [lessonId]);
    return rows.map((row) => ({ role: row.role, node: row.node_id, open: row.left_at === null }));
  } finally {
    await db.end();
  }
}

describe('a node killed with a lesson running', () => {
  it('has its open attendance closed by the node that takes the lesson over', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b');
    const lesson = await b.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await client(a.url, lesson.classrooms[0]!.projectorUrl);
    await ok(teacher, 'lesson:goLive', {});
    expect(await attendance(lesson.id)).toEqual([
      { role: 'teacher', node: 'node-a', open: true }, { role: 'projector', node: 'node-a', open: true },
    ]);

    await killed(a.child);
    await cluster.clientOnceMoved(b.url, lesson.teacherUrl);
    // Closed once a is out of the registry (within a lease time of its lease running out).
    await eventually(async () => expect(await attendance(lesson.id)).toEqual([
      { role: 'teacher', node: 'node-a', open: false }, { role: 'projector', node: 'node-a', open: false },
      { role: 'teacher', node: 'node-b', open: true },
    ]), LEASE_SECONDS * 1000 + 2000);
  });

  it('whose teacher never comes back ends by the away-teacher rule on another node', async () => {
    const a = await childNode('node-a');
    const b = await inProcessNode('node-b', { TEACHER_AWAY_END_MINUTES: '0.01' });
    const lesson = await b.createLesson(['Hill']);
    const teacher = await client(a.url, lesson.teacherUrl);
    await ok(teacher, 'lesson:goLive', {});

    // The teacher's row stays open in the records: without closing it, the teacher looks present.
    await killed(a.child);
    await eventually(async () => expect(await b.app.store.lesson(lesson.id)).toMatchObject({ phase: 'ended', endedReason: 'teacher_away' }),
      LEASE_SECONDS * 1000 + 4000);
    expect(await attendance(lesson.id)).toEqual([{ role: 'teacher', node: 'node-a', open: false }]);
  });
});

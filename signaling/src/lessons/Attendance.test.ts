import { describe, expect, it } from 'vitest';
import type { LessonStore } from '../db/LessonStore.ts';
import { Attendance } from './Attendance.ts';

/** A store whose joins are stored only when the test says so. */
function slowStore() {
  const pending: (() => void)[] = [];
  const left: number[] = [];
  let next = 1;
  const store = {
    recordJoin: () => new Promise<number>((resolve) => { const id = next++; pending.push(() => resolve(id)); }),
    recordLeave: async (id: number) => { left.push(id); },
  } as unknown as LessonStore;
  return { store, left, storeJoins: () => { for (const resolve of pending.splice(0)) resolve(); } };
}

describe('Attendance', () => {
  it('records a leave that came while its join was being stored, once the row exists', async () => {
    const { store, left, storeJoins } = slowStore();
    const attendance = new Attendance('lesson', store);
    const joined = attendance.join('c1', 'room', 'projector');
    const leaving = attendance.leave('c1');
    expect(attendance.isCurrent('c1', joined)).toBe(false);
    storeJoins();
    await leaving;
    expect(left).toEqual([await joined]);
  });

  it('closes the rows still open, after the writes under way', async () => {
    const { store, left, storeJoins } = slowStore();
    const attendance = new Attendance('lesson', store);
    void attendance.join('c1', null, 'teacher');
    void attendance.join('c2', 'room', 'assistant');
    const closed = attendance.close();
    storeJoins();
    await closed;
    expect(left.sort()).toEqual([1, 2]);
  });
});

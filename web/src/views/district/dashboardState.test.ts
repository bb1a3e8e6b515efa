import { describe, expect, it } from 'vitest';
import { readState, writeState } from './dashboardState.ts';

describe('dashboard state in the address', () => {
  it('reads the drill-down level and the filter', () => {
    expect(readState('?token=abc&from=2026-09-07&to=2026-09-27&subject=%E6%95%B0%E5%AD%A6&school=s1')).toEqual({
      view: { level: 'school', schoolId: 's1' },
      filter: { from: '2026-09-07', to: '2026-09-27', subject: '数学' },
    });
    expect(readState('?school=s1&classroom=c1').view).toEqual({ level: 'classroom', classroomId: 'c1' });
    expect(readState('').view).toEqual({ level: 'overview' });
  });

  it('drops a date that is not one rather than sending it to the server', () => {
    expect(readState('?from=last-week&to=2026-09-27').filter).toEqual({ to: '2026-09-27' });
  });

  it('writes a state back, keeping the manager link\'s token and nothing stale', () => {
    const search = writeState(
      { view: { level: 'classroom', classroomId: 'c 1' }, filter: { teacherId: 't1', subject: '' } },
      '?token=abc&school=s1&subject=Maths',
    );
    expect(search).toBe('?token=abc&teacherId=t1&classroom=c+1');
    expect(readState(search)).toEqual({ view: { level: 'classroom', classroomId: 'c 1' }, filter: { teacherId: 't1' } });
    expect(writeState({ view: { level: 'overview' }, filter: {} }, '?school=s1')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import type { ClassroomStatus } from '@classroom/shared';
import { autoPageSize, wallOrder, wallPage } from './wallPages.ts';

function classroom(id: string, online: boolean, raisedAt: number | null): ClassroomStatus {
  return {
    id, name: id, projectorOnline: online, assistantOnline: false, media: 'connected',
    hand: raisedAt === null ? null : { raisedAt, dropsAt: null }, stage: 'none', micMuted: false, cameraOff: false,
    audioOnly: false, videoCap: 'high', weakLink: false, quality: null, wallView: 'none', wallPictureOff: false,
  };
}

describe('the classroom wall pages', () => {
  it('puts raised hands first, first raised first, and leaves out classrooms without a projector', () => {
    const order = wallOrder([classroom('a', true, null), classroom('b', true, 20), classroom('c', false, 5), classroom('d', true, 10)]);
    expect(order.map((c) => c.id)).toEqual(['d', 'b', 'a']);
  });

  it('sizes a page to the screen, 4 to 25 tiles', () => {
    expect(autoPageSize(400)).toBe(6);
    expect(autoPageSize(1366)).toBe(24);
    expect(autoPageSize(3840)).toBe(25);
    expect(autoPageSize(100)).toBe(4);
  });

  it('turns pages and wraps around', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(wallPage(ids, 2, 0)).toEqual({ tiles: ['a', 'b'], page: 0, pages: 3 });
    expect(wallPage(ids, 2, 2)).toEqual({ tiles: ['e'], page: 2, pages: 3 });
    expect(wallPage(ids, 2, 3).page).toBe(0);
    expect(wallPage(ids, 2, -1).page).toBe(2);
    expect(wallPage([], 2, 1)).toEqual({ tiles: [], page: 0, pages: 1 });
  });
});

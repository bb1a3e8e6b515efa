import type { ClassroomStatus } from '@classroom/shared';
import { describe, expect, it } from 'vitest';
import { projectorShows } from './projectorShows.ts';

// The fields projectorShows reads; the protocol type grows with other features.
const fields: Partial<ClassroomStatus> = {
  id: 'c1', name: 'Hill School', projectorOnline: true, assistantOnline: true, media: 'connected',
  hand: null, stage: 'none', micMuted: false, cameraOff: false, audioOnly: false,
};
const classroom = fields as ClassroomStatus;

describe('projectorShows', () => {
  it('follows the teacher', () => {
    expect(projectorShows(classroom, 'live', true)).toBe('teacher-live');
    expect(projectorShows(classroom, 'scheduled', false)).toBe('waiting');
    expect(projectorShows(classroom, 'live', false)).toBe('waiting');
  });

  it('puts an offline projector first, then the stage, then sound only', () => {
    expect(projectorShows({ ...classroom, projectorOnline: false, stage: 'on-stage' }, 'live', true)).toBe('offline');
    expect(projectorShows({ ...classroom, stage: 'on-stage', audioOnly: true }, 'live', true)).toBe('on-stage');
    expect(projectorShows({ ...classroom, audioOnly: true }, 'live', true)).toBe('audio-only');
    expect(projectorShows(null, 'live', true)).toBe('offline');
  });
});

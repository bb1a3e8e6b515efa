import { describe, expect, it } from 'vitest';
import { projectorStatus, type ProjectorInputs } from './projectorStatus.ts';

const playing: ProjectorInputs = {
  connection: 'connected', fatal: null, refusal: null, synced: true, serverRestarting: false, phase: 'live',
  teacherConnected: true, hasCamera: true, hasScreen: false, cameraPaused: false, audioOnly: false, weakLink: false,
};

describe('projectorStatus', () => {
  it('plays the teacher when everything is fine', () => {
    expect(projectorStatus(playing)).toBe('playing');
  });

  it('says "sound only" instead of a frozen picture, even while the teacher shares a screen', () => {
    expect(projectorStatus({ ...playing, audioOnly: true })).toBe('audio-only');
    expect(projectorStatus({ ...playing, audioOnly: true, hasScreen: true })).toBe('audio-only');
  });

  it('keeps the last picture under a label when the link is too weak for video', () => {
    expect(projectorStatus({ ...playing, weakLink: true })).toBe('weak-link');
    // The assistant's own switch explains itself first.
    expect(projectorStatus({ ...playing, weakLink: true, audioOnly: true })).toBe('audio-only');
    expect(projectorStatus({ ...playing, weakLink: true, phase: 'off-air' })).toBe('waiting');
  });

  it('tells a removed classroom so, and an ended lesson wins over everything', () => {
    expect(projectorStatus({ ...playing, fatal: 'classroom_removed' })).toBe('removed');
    expect(projectorStatus({ ...playing, fatal: 'classroom_removed', phase: 'ended' })).toBe('ended');
    expect(projectorStatus({ ...playing, fatal: 'unauthenticated' })).toBe('fatal');
  });

  it('explains a locked lesson while it keeps retrying', () => {
    expect(projectorStatus({ ...playing, connection: 'connecting', refusal: 'lesson_locked' })).toBe('locked');
    expect(projectorStatus({ ...playing, connection: 'connecting', refusal: 'rate_limited' })).toBe('connecting');
  });

  it('waits for the teacher before anything about sound only', () => {
    expect(projectorStatus({ ...playing, audioOnly: true, phase: 'off-air' })).toBe('waiting');
  });
});

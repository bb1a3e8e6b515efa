import type { ChatMessage, ClassroomStatus, LessonSnapshot } from '@classroom/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addMessage, applySnapshot, markMessagesRead, resetStore, selectHandQueue, selectStageToShow, setRecording, classroomStore,
} from './index.ts';

// Fixtures carry the fields this logic reads; the protocol types grow with other features.
function classroom(id: string, raisedAt: number | null): ClassroomStatus {
  const fields: Partial<ClassroomStatus> = {
    id, name: id, projectorOnline: true, assistantOnline: true, media: 'connected',
    hand: raisedAt === null ? null : { raisedAt, dropsAt: null },
    stage: 'none', micMuted: false, cameraOff: false, audioOnly: false,
  };
  return fields as ClassroomStatus;
}

function fromAssistant(id: number, classroomId = 'c1'): ChatMessage {
  return { id, at: id, from: { role: 'assistant', classroomId, classroomName: classroomId }, to: { kind: 'teacher' }, text: 'hi', quick: null };
}

function fromTeacher(id: number): ChatMessage {
  return { id, at: id, from: { role: 'teacher' }, to: { kind: 'all' }, text: 'hello', quick: null };
}

function snapshot(you: LessonSnapshot['you'], messages: ChatMessage[] = []): LessonSnapshot {
  const fields: Partial<LessonSnapshot> = {
    lesson: { id: 'l1', title: 'Lesson', phase: 'live', locked: false, maxOnStage: 1, recording: { enabled: true, active: false } },
    serverTime: Date.now(), you, teacherConnected: true, producers: [], classrooms: [], stage: [], messages,
    quiz: { questions: [], current: null, results: null, ownAnswer: null },
  };
  return fields as LessonSnapshot;
}

const teacher: LessonSnapshot['you'] = { role: 'teacher', classroomId: null, classroomName: null };
const projector: LessonSnapshot['you'] = { role: 'projector', classroomId: 'c1', classroomName: 'c1' };

beforeEach(() => resetStore());

describe('hand queue', () => {
  it('orders raised hands by the server time they were raised, and leaves out the others', () => {
    classroomStore.setState({ classrooms: [classroom('late', 300), classroom('none', null), classroom('early', 100)] });
    expect(selectHandQueue(classroomStore.getState()).map((c) => c.id)).toEqual(['early', 'late']);
  });
});

describe('stage', () => {
  it('never shows a projector its own classroom, nor invited ones', () => {
    applySnapshot(snapshot(projector));
    classroomStore.setState({
      stage: [
        { classroomId: 'c1', name: 'own', state: 'on-stage' },
        { classroomId: 'c2', name: 'other', state: 'on-stage' },
        { classroomId: 'c3', name: 'invited', state: 'invited' },
      ],
    });
    expect(selectStageToShow(classroomStore.getState()).map((e) => e.classroomId)).toEqual(['c2']);
  });
});

describe('recording', () => {
  it('follows the server: the mark shows while it writes', () => {
    applySnapshot(snapshot(projector));
    setRecording({ enabled: true, active: true });
    expect(classroomStore.getState().lesson?.recording).toEqual({ enabled: true, active: true });
    setRecording({ enabled: false, active: false });
    expect(classroomStore.getState().lesson?.recording).toEqual({ enabled: false, active: false });
  });
});

describe('messages', () => {
  it('counts only what others wrote, once each', () => {
    applySnapshot(snapshot(teacher));
    addMessage(fromAssistant(1));
    addMessage(fromAssistant(1));
    addMessage(fromTeacher(2));
    expect(classroomStore.getState().messages.map((m) => m.id)).toEqual([1, 2]);
    expect(classroomStore.getState().unreadMessages).toBe(1);
    markMessagesRead();
    expect(classroomStore.getState().unreadMessages).toBe(0);
  });

  it('treats the first snapshot as history and counts what arrived while away', () => {
    applySnapshot(snapshot(teacher, [fromAssistant(1)]));
    expect(classroomStore.getState().unreadMessages).toBe(0);
    applySnapshot(snapshot(teacher, [fromAssistant(1), fromAssistant(2, 'c2'), fromTeacher(3)]));
    expect(classroomStore.getState().unreadMessages).toBe(1);
  });
});

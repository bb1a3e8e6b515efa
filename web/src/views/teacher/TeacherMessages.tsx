import type { ClassroomStatus, MessageTarget } from '@classroom/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { markMessagesRead, useStore } from '../../store/view.ts';
import { MessageComposer } from '../components/MessageComposer.tsx';
import { MessageList } from '../components/MessageList.tsx';

const ALL = 'all';

/** Assistants' messages (with their classroom), and writing to all classrooms or one. */
export function TeacherMessages() {
  const { t } = useTranslation();
  const unread = useStore((s) => s.unreadMessages);
  const classrooms = useStore((s) => s.classrooms);
  const [targetId, setTargetId] = useState<string>(ALL);
  // A removed classroom leaves the picker: fall back to everyone rather than a dead target.
  const to: MessageTarget = targetId !== ALL && classrooms.some((c) => c.id === targetId)
    ? { kind: 'classroom', classroomId: targetId }
    : { kind: 'all' };

  return (
    // Reading or writing here is what marks the messages as read.
    <section className="panel messages-panel" aria-labelledby="messages-heading" onPointerDown={markMessagesRead} onFocus={markMessagesRead}>
      <div className="panel__header">
        <h2 id="messages-heading">{t('messages.title')}</h2>
        {unread > 0 ? <span className="badge badge--unread" data-testid="unread-count" data-count={unread}>{t('messages.unread', { count: unread })}</span> : null}
      </div>
      <MessageList />
      <MessageComposer to={to}>
        <TargetPicker classrooms={classrooms} value={to.kind === 'classroom' ? to.classroomId : ALL} onChange={setTargetId} />
      </MessageComposer>
    </section>
  );
}

function TargetPicker({ classrooms, value, onChange }: { classrooms: ClassroomStatus[]; value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="composer__target">
      <span className="muted">{t('messages.to')}</span>
      <select data-testid="message-target" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={ALL}>{t('messages.toAll')}</option>
        {classrooms.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    </label>
  );
}

import type { ChatMessage } from '@classroom/shared';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isOwnMessage, useStore } from '../../store/view.ts';

/** The conversation, oldest first, kept scrolled to the newest. */
export function MessageList() {
  const { t } = useTranslation();
  const messages = useStore((s) => s.messages);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    // The list scrolls, never the page: a new message must not move the console under a click.
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [messages]);

  return (
    <ol ref={list} className="messages" data-testid="message-list" aria-live="polite">
      {messages.length === 0 ? <li className="messages__empty muted">{t('messages.empty')}</li> : null}
      {messages.map((message) => <MessageItem key={message.id} message={message} />)}
    </ol>
  );
}

function MessageItem({ message }: { message: ChatMessage }) {
  const { t } = useTranslation();
  const own = useStore((s) => isOwnMessage(message, s.you));
  const recipient = useRecipientText(message);
  const sender = message.from.role === 'teacher' ? t('messages.teacher') : message.from.classroomName;
  const clockOffsetMs = useStore((s) => s.clockOffsetMs);
  const time = new Date(message.at - clockOffsetMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  return (
    <li
      className={`message${own ? ' message--own' : ''}${message.quick ? ' message--quick' : ''}`}
      data-testid="message"
      data-from={message.from.role}
      data-quick={message.quick ?? undefined}
    >
      <p className="message__meta">
        <span className="message__sender">{sender}</span> <span>{recipient}</span> <time>{time}</time>
      </p>
      <p className="message__text">{message.quick ? t(`quick.${message.quick}`) : message.text}</p>
    </li>
  );
}

function useRecipientText(message: ChatMessage): string {
  const { t } = useTranslation();
  const { to } = message;
  const classroomName = useStore((s) => {
    if (to.kind !== 'classroom') return null;
    return s.classrooms.find((c) => c.id === to.classroomId)?.name ?? s.you?.classroomName ?? null;
  });
  switch (to.kind) {
    case 'teacher':
      return t('messages.toTeacher');
    case 'all':
      return t('messages.toEveryone');
    case 'classroom':
      return t('messages.toClassroom', { name: classroomName ?? '' });
    default: {
      const unknownTarget: never = to;
      throw new Error(`unknown message target ${JSON.stringify(unknownTarget)}`);
    }
  }
}

import type { MAX_MESSAGE_LENGTH, MessageTarget } from '@classroom/shared';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sendText } from '../../services/interaction.ts';
import { useBusy } from './useBusy.ts';

// The server's limit, kept in step by the type (a runtime import would pull zod into the page).
const MAX_LENGTH: typeof MAX_MESSAGE_LENGTH = 500;

/** A text box that sends to `to`; `children` go before it (the teacher's recipient picker). */
export function MessageComposer({ to, children }: { to: MessageTarget; children?: ReactNode }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, run] = useBusy();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '') return;
    void run(async () => {
      // Kept on failure, so that the writer can send it again.
      if (await sendText(to, trimmed)) setText('');
    });
  };

  return (
    <form className="composer" onSubmit={submit}>
      {children}
      <input
        className="composer__text"
        data-testid="message-text"
        value={text}
        maxLength={MAX_LENGTH}
        placeholder={t('messages.placeholder')}
        aria-label={t('messages.placeholder')}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button button--primary" data-testid="send-message" disabled={busy || text.trim() === ''}>
        {t('messages.send')}
      </button>
    </form>
  );
}

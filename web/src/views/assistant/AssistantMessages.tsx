import type { QuickMessage } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { sendQuick } from '../../services/interaction.ts';
import { MessageComposer } from '../components/MessageComposer.tsx';
import { MessageList } from '../components/MessageList.tsx';
import { useBusy } from '../components/useBusy.ts';

// A local list rather than shared's QUICK_MESSAGES: importing that module at runtime pulls its
// zod schemas into the page. `satisfies` keeps the two in step.
const QUICK = {
  cant_hear: '🔇',
  cant_see: '🙈',
  too_fast: '🐢',
  repeat_please: '🔁',
  question: '❓',
  all_good: '👍',
} as const satisfies Record<QuickMessage, string>;

const QUICK_MESSAGES = Object.keys(QUICK) as QuickMessage[];

/** One tap tells the teacher what the room needs; the text box is for everything else. */
export function AssistantMessages() {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  return (
    <>
      <section className="card" aria-labelledby="quick-heading">
        <h3 id="quick-heading">{t('assistant.quickTitle')}</h3>
        <div className="quick-messages">
          {QUICK_MESSAGES.map((quick) => (
            <button key={quick} type="button" className="button quick-message" data-testid={`quick-${quick}`} disabled={busy} onClick={() => void run(() => sendQuick(quick))}>
              <span aria-hidden="true">{QUICK[quick]}</span> {t(`quick.${quick}`)}
            </button>
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="messages-heading">
        <h3 id="messages-heading">{t('assistant.messagesTitle')}</h3>
        <MessageList />
        <MessageComposer to={{ kind: 'teacher' }} />
      </section>
    </>
  );
}

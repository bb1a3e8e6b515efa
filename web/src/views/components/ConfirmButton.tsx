import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  children: ReactNode;
  /** The question, with what cannot be undone. */
  question: string;
  /** The confirming button's words: the action itself ("End the lesson"), never just "OK". */
  confirmLabel: string;
  onConfirm: () => void;
  className?: string;
  testId?: string;
  disabled?: boolean;
}

/**
 * A button for an action that cannot be undone: it asks first, in a modal <dialog> (focus stays
 * inside, Escape cancels). The dialog exists only while open: a list of hundreds of classrooms
 * does not carry hundreds of hidden dialogs, and the page has one `confirm-ok` at a time.
 */
export function ConfirmButton({ children, question, confirmLabel, onConfirm, className = 'button', testId, disabled }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);

  return (
    <>
      <button type="button" className={className} data-testid={testId} disabled={disabled} onClick={() => setOpen(true)}>
        {children}
      </button>
      {open ? (
        <dialog
          ref={(dialog) => {
            if (dialog && !dialog.open) dialog.showModal();
          }}
          className="confirm"
          data-testid="confirm-dialog"
          onClose={() => setOpen(false)}
        >
          <p className="confirm__question">{question}</p>
          <div className="confirm__buttons">
            <button type="button" className="button" data-testid="confirm-cancel" autoFocus onClick={() => setOpen(false)}>
              {t('actions.cancel')}
            </button>
            <button
              type="button"
              className="button button--danger"
              data-testid="confirm-ok"
              onClick={() => {
                setOpen(false);
                onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          </div>
        </dialog>
      ) : null}
    </>
  );
}

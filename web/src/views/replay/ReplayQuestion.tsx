import type { Answer, PublicQuestion, ReplayState } from '@classroom/shared';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { ResultBars } from '../components/ResultBars.tsx';
import { answerText } from '../components/SubmissionTable.tsx';
import { markAnswer } from '../components/quizText.ts';
import { useOptionText } from '../components/useOptionText.ts';
import { quizPanelScale } from '../projector/quizPanelScale.ts';

/** The class's answer as bars: its choice (collective), or its pupils per option (tally). */
export function answerCounts(question: PublicQuestion, answer: Answer): { counts: number[]; total: number } {
  if (answer.mode === 'tally') return { counts: answer.counts, total: answer.present };
  return { counts: question.options.map((_, i) => (answer.choices.includes(i) ? 1 : 0)), total: 1 };
}

/**
 * The question of a replay, as the live projector shows one (a side panel, big enough for the
 * back row; or within the assistant's card): while it waits, whether the class has answered; once
 * revealed, the correct options and the class's own answer beside them.
 */
export function ReplayQuestion({ replay, place = 'projector' }: { replay: ReplayState; place?: 'projector' | 'phone' }) {
  const { t } = useTranslation();
  const question = replay.question!;
  const optionText = useOptionText(question);
  const revealed = replay.status === 'revealed';
  const scale = quizPanelScale(question.prompt, question.options.map((_, i) => optionText(i)), revealed);
  const shown = revealed && replay.answer ? answerCounts(question, replay.answer) : null;
  const mark = revealed && replay.answer ? markAnswer(question.kind, question.correct, replay.answer) : null;
  return (
    <aside
      className={place === 'projector' ? `projector-quiz projector-quiz--${revealed ? 'revealed' : 'open'}` : 'replay-card__question'}
      data-testid="replay-question"
      data-state={replay.status}
      data-question-id={question.id}
      style={{ '--quiz-scale': scale } as CSSProperties}
    >
      <div className="projector-quiz__status">
        <span>{t('quiz.questionNumber', { number: question.position + 1 })}</span>
        {revealed ? <span className="projector-quiz__state">{t('quiz.state.revealed')}</span> : null}
      </div>
      <p className="projector-quiz__prompt" data-testid="replay-prompt">{question.prompt}</p>
      <ResultBars question={question} counts={shown?.counts ?? null} total={shown?.total ?? 0} size={place === 'projector' ? 'big' : 'small'} />
      <p className="projector-quiz__hint" data-testid="replay-class-answer" data-answered={replay.answer !== null} data-mark={mark?.kind ?? ''}>
        {!revealed
          ? (replay.answer ? `✓ ${t('quiz.projectorAnswered')}` : t('replay.waitingForAnswer'))
          : (replay.answer ? t('replay.classAnswer', { answer: answerText(replay.answer) }) : t('replay.noAnswer'))}
        {mark?.kind === 'correct' ? ` ✓ ${t('quiz.marks.correct')}` : mark?.kind === 'incorrect' ? ` ✗ ${t('quiz.marks.incorrect')}` : ''}
      </p>
    </aside>
  );
}

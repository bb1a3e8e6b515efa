import type { ErrorCode, ReplayState, Submission } from '@classroom/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectReplay, disconnectReplay, replayPositionNow, tryReplay, useReplay } from '../../services/replay.ts';
import { CollectiveForm } from '../assistant/CollectiveForm.tsx';
import { TallyForm } from '../assistant/TallyForm.tsx';
import { AnswerProblemText } from '../assistant/AnswerProblemText.tsx';
import { formatDuration } from '../components/formatDuration.ts';
import { useNow } from '../components/useNow.ts';
import { RecordingPicker } from './RecordingPicker.tsx';
import { ReplayQuestion } from './ReplayQuestion.tsx';
import './replay.css';

const SEEK_STEP_MS = 10_000;

/**
 * The assistant's side of the classroom's replay (its permanent link's page): pick a recorded
 * lesson for the projector, play, pause and move it, and at each question enter the class's
 * answer as live (the same forms), show the answer, go on. The projector shows every step.
 */
export default function AssistantReplay({ token }: { token: string }) {
  const { t } = useTranslation();
  const replay = useReplay((s) => s.replay);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  useEffect(() => {
    connectReplay(token);
    return disconnectReplay;
  }, [token]);
  const run = async (step: Promise<ErrorCode | null>) => setProblem(await step);

  return (
    <section className="card replay-card" data-testid="assistant-replay" data-status={replay?.status ?? 'none'} aria-labelledby="replay-card-heading">
      <h2 id="replay-card-heading">{t('replay.title')}</h2>
      {replay
        ? <ReplayControls replay={replay} run={run} />
        : <RecordingPicker token={token} onPick={(lessonId) => void run(tryReplay('replay:open', { lessonId }))} />}
      <AnswerProblemText problem={problem} />
    </section>
  );
}

function ReplayControls({ replay, run }: { replay: ReplayState; run: (step: Promise<ErrorCode | null>) => Promise<void> }) {
  const { t } = useTranslation();
  const receivedAt = useReplay((s) => s.receivedAt);
  useNow(500);
  const position = replayPositionNow(replay, receivedAt);
  const seek = (deltaMs: number) => run(tryReplay('replay:seek', { positionMs: Math.round(Math.max(0, Math.min(replay.durationMs, position + deltaMs))) }));
  const question = replay.question;
  const own: Submission | null = replay.answer && { classroomId: '', classroomName: '', answer: replay.answer, at: 0, revisions: 0 };
  const submit = async (questionId: string, answer: Submission['answer']) => tryReplay('replay:answer', { questionId, answer });
  return (
    <>
      <p>
        <strong data-testid="replay-title">{replay.title}</strong> · <span data-testid="replay-status">{t(`replay.status.${replay.status}`)}</span>
        {' · '}<span className="replay-card__time" data-testid="replay-time">{formatDuration(position)} / {formatDuration(replay.durationMs)}</span>
      </p>
      {question && replay.status === 'question' ? (
        <div data-testid="replay-answer" data-question-id={question.id}>
          <p className="quiz-card__prompt">{question.prompt}</p>
          {question.answerMode === 'tally'
            ? <TallyForm key={question.id} question={question} own={own} submit={submit} />
            : <CollectiveForm key={question.id} question={question} own={own} submit={submit} />}
          <button type="button" className="button button--big" data-testid="replay-reveal" onClick={() => void run(tryReplay('replay:reveal', {}))}>
            {t('replay.reveal')}
          </button>
        </div>
      ) : null}
      {question && replay.status === 'revealed' ? <ReplayQuestion replay={replay} place="phone" /> : null}
      <div className="replay-card__controls">
        {replay.status === 'playing'
          ? <button type="button" className="button button--big" data-testid="replay-pause" onClick={() => void run(tryReplay('replay:pause', {}))}>{t('replay.pause')}</button>
          : replay.status !== 'question'
            ? (
              <button type="button" className="button button--primary button--big" data-testid="replay-play" onClick={() => void run(tryReplay('replay:play', {}))}>
                {replay.status === 'revealed' ? t('replay.continue') : t('replay.play')}
              </button>
            )
            : null}
        <button type="button" className="button" data-testid="replay-back" onClick={() => void seek(-SEEK_STEP_MS)}>{t('replay.back')}</button>
        <button type="button" className="button" data-testid="replay-forward" onClick={() => void seek(SEEK_STEP_MS)}>{t('replay.forward')}</button>
        <button type="button" className="button" data-testid="replay-close" onClick={() => void run(tryReplay('replay:close', {}))}>{t('replay.close')}</button>
      </div>
    </>
  );
}

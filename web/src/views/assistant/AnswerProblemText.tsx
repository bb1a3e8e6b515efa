import { useTranslation } from 'react-i18next';
import type { AnswerProblem } from './useAnswerSubmit.ts';

// The codes an answer runs into, said for this form; anything else reads as the general error.
const QUIZ_PROBLEMS = ['duplicate', 'question_closed', 'invalid_payload', 'present', 'tooMany'] as const;
type QuizProblem = (typeof QUIZ_PROBLEMS)[number];

function isQuizProblem(problem: AnswerProblem): problem is QuizProblem {
  return (QUIZ_PROBLEMS as readonly string[]).includes(problem);
}

export function AnswerProblemText({ problem }: { problem: AnswerProblem | null }) {
  const { t } = useTranslation();
  if (!problem) return null;
  // Already recorded is news, not a failure.
  const tone = problem === 'duplicate' ? 'info' : 'error';
  return (
    <p className={`answer-problem answer-problem--${tone}`} role="alert" data-testid="answer-error" data-code={problem}>
      {isQuizProblem(problem) ? t(`quiz.problemsAnswer.${problem}`) : t(`errors.${problem}`)}
    </p>
  );
}

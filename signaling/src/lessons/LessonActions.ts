import { z } from 'zod';
import {
  ClassroomError, questionDraftSchema, type LessonEndReason, type LessonPhase, type Question, type QuestionDraft,
} from '@classroom/shared';

/**
 * What the admin (or a rule) does to a lesson whether or not anyone is connected to it. It must be
 * done by the node that runs the lesson, else the records change and the live lesson does not.
 */
export interface LessonActions {
  /** Its phase afterwards, or undefined for a lesson that does not exist. */
  end(lessonId: string, reason: LessonEndReason): Promise<LessonPhase | undefined>;
  /** The new link generation. */
  revokeLinks(lessonId: string): Promise<number>;
  createQuestion(lessonId: string, draft: QuestionDraft): Promise<Question>;
  /** Turns its recording on or off; whether it is on afterwards, undefined for a lesson that does not exist. */
  setRecording(lessonId: string, recording: boolean): Promise<boolean | undefined>;
}

const endReason = z.enum(['teacher', 'admin', 'teacher_away']) satisfies z.ZodType<LessonEndReason>;

/** An action as it travels to the node that runs the lesson (JSON). */
const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('end'), reason: endReason }),
  z.object({ kind: z.literal('revokeLinks') }),
  z.object({ kind: z.literal('createQuestion'), draft: questionDraftSchema }),
  z.object({ kind: z.literal('setRecording'), recording: z.boolean() }),
]);
export type LessonAction = z.infer<typeof actionSchema>;

/**
 * Runs an action where the lesson runs: `here` on this node, or the action sent to the node that
 * runs it (cluster mode, see Cluster.atOwner), whose answer comes back as JSON.
 */
export type AtOwner = <T>(lessonId: string, action: LessonAction, here: () => Promise<T>) => Promise<T>;

/** The actions, each done by the node that runs its lesson. */
export function actionsAtOwner(local: LessonActions, atOwner: AtOwner): LessonActions {
  return {
    end: (lessonId, reason) => atOwner(lessonId, { kind: 'end', reason }, () => local.end(lessonId, reason)),
    revokeLinks: (lessonId) => atOwner(lessonId, { kind: 'revokeLinks' }, () => local.revokeLinks(lessonId)),
    createQuestion: (lessonId, draft) => atOwner(lessonId, { kind: 'createQuestion', draft }, () => local.createQuestion(lessonId, draft)),
    setRecording: (lessonId, recording) => atOwner(lessonId, { kind: 'setRecording', recording }, () => local.setRecording(lessonId, recording)),
  };
}

/** Does an action another node sent for a lesson this node runs. */
export async function doAction(local: LessonActions, lessonId: string, sent: unknown): Promise<unknown> {
  const parsed = actionSchema.safeParse(sent);
  if (!parsed.success) throw new ClassroomError('invalid_payload', `not a lesson action: ${parsed.error.issues[0]?.message ?? ''}`);
  const action = parsed.data;
  switch (action.kind) {
    case 'end': return local.end(lessonId, action.reason);
    case 'revokeLinks': return local.revokeLinks(lessonId);
    case 'createQuestion': return local.createQuestion(lessonId, action.draft);
    case 'setRecording': return local.setRecording(lessonId, action.recording);
    default: {
      const unknownAction: never = action;
      throw new ClassroomError('invalid_payload', `unknown lesson action ${JSON.stringify(unknownAction)}`);
    }
  }
}

import type { CommandHandlers } from '../realtime/types.ts';
import { target } from './interaction.ts';

type WallCommands = Pick<CommandHandlers, 'wall:view' | 'wall:postStill' | 'classroom:setWallPicture'>;

/** The teacher's classroom wall: what the teacher looks at, and a classroom's consent to it. */
export function wallCommands(): WallCommands {
  return {
    'wall:view': async ({ session: { lesson } }, { visible, spotlight }) => ({
      sending: await lesson.wall.show(visible, spotlight),
    }),

    // A projector's own classroom only (target), only while watched (Wall.postStill).
    'wall:postStill': (context, { jpeg }) => {
      context.session.lesson.wall.postStill(target(context), jpeg);
      return {};
    },

    // The assistant's choice (an assistant acts on its own classroom only, see target).
    'classroom:setWallPicture': async (context, { classroomId, off }) => {
      const { lesson } = context.session;
      const classroom = target(context, classroomId);
      await lesson.wall.setPictureOff(classroom, off);
      return lesson.changed(classroom);
    },
  };
}

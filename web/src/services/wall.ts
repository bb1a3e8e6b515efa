import { setWallShown, classroomStore } from '../store/index.ts';
import { Serial } from './serial.ts';
import { getActiveMedia } from './session.ts';
import { request } from './socket.ts';

const serial = new Serial();

/**
 * Tells the server which tiles the teacher's wall shows now (nothing while the wall is closed or
 * the tab hidden), then receives their pictures. In this order: the server lets the page receive
 * only the tiles it knows to be on screen, and closes the pictures of tiles gone from it.
 */
export function showOnWall(visible: string[], spotlight: string | null): Promise<void> {
  return serial.run(async () => {
    await request('wall:view', { visible, spotlight });
    setWallShown({ visible, spotlight });
    const media = getActiveMedia();
    if (!media) return; // media set up later adds what is shown then
    for (const producer of classroomStore.getState().producers) {
      if (producer.source === 'wall') media.receiver.add(producer);
    }
  });
}

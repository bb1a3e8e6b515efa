import type { ProducerOwner, StageEntry } from '@classroom/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { selectSourcePaused, selectStageToShow, selectTrack, useStore, type RemoteTrack, type Store } from '../../store/view.ts';
import type { PlayedTrack } from './SoundGate.tsx';
import { TrackVideo } from './TrackVideo.tsx';

/** One tile per classroom on stage (never this projector's own), with its name. */
export function StageTiles({ className }: { className: string }) {
  const entries = useStore(useShallow(selectStageToShow));
  if (entries.length === 0) return null;
  return (
    <div className={className} data-testid="stage-tiles">
      {entries.map((entry) => <StageTile key={entry.classroomId} entry={entry} />)}
    </div>
  );
}

function StageTile({ entry }: { entry: StageEntry }) {
  const { t } = useTranslation();
  const owner: ProducerOwner = { kind: 'classroom', classroomId: entry.classroomId };
  const camera = useStore(selectTrack(owner, 'camera'));
  const cameraOff = useStore(selectSourcePaused(owner, 'camera'));
  const placeholder = cameraOff ? t('stage.cameraOff') : camera ? null : t('stage.connecting');

  return (
    <figure className="tile" data-testid="stage-tile" data-classroom-id={entry.classroomId}>
      <TrackVideo track={camera?.track ?? null} testId="stage-video" className="tile__video" />
      {placeholder ? <div className="tile__placeholder">{placeholder}</div> : null}
      <figcaption className="tile__name" data-testid="stage-name">{entry.name}</figcaption>
    </figure>
  );
}

const selectClassroomSound = (s: Store): RemoteTrack[] =>
  s.remoteTracks.filter((r) => r.owner.kind === 'classroom' && r.source === 'microphone');

/**
 * The microphones of classrooms on stage. The receiver never consumes a projector's own
 * classroom, so this is what the page should hear.
 */
export function useStageSound(): PlayedTrack[] {
  // The stored tracks keep their identity; only the list around them is new.
  const tracks = useStore(useShallow(selectClassroomSound));
  return useMemo(() => tracks.map((r) => ({ track: r.track, testId: 'stage-audio' })), [tracks]);
}

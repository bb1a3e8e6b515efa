import type { ClassroomStatus } from '@classroom/shared';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { reportActionError } from '../../../services/actionErrors.ts';
import { showOnWall } from '../../../services/wall.ts';
import { selectTrack, useStore } from '../../../store/view.ts';
import { HandIcon } from '../../components/HandIcon.tsx';
import { QualityBadge } from '../../components/QualityBadge.tsx';
import { TrackVideo } from '../../components/TrackVideo.tsx';
import { useNow } from '../../components/useNow.ts';
import { autoPageSize, wallOrder, wallPage } from './wallPages.ts';

/** Page sizes the teacher may pick; `auto` fits the wall's width. */
const PAGE_SIZES = ['auto', 2, 4, 6, 9, 12, 16, 20, 25] as const;
type PageSize = (typeof PAGE_SIZES)[number];
/** A rotating wall turns a page this often: long enough to read a room. */
const ROTATE_EVERY_MS = 8_000;
/** A still picture is shown this long after it came (they come every 5 s while the uplink is weak). */
const STILL_SHOWN_MS = 15_000;

/**
 * The classroom wall: a small silent picture of every connected classroom, a page at a time,
 * raised hands first. The server is told which tiles are on screen (nothing while the wall is
 * closed or the tab hidden): only those projectors send, and this page receives only those.
 */
export function ClassroomWall() {
  const { t } = useTranslation();
  const classrooms = useStore(useShallow((s) => wallOrder(s.classrooms)));
  const connected = useStore((s) => s.connection === 'connected');
  const [open, setOpen] = useState(true);
  const [pageSize, setPageSize] = useState<PageSize>('auto');
  const [page, setPage] = useState(0);
  const [rotate, setRotate] = useState(false);
  const [spotlight, setSpotlight] = useState<string | null>(null);
  const tabVisible = useTabVisible();
  const width = useWidth();
  const size = pageSize === 'auto' ? autoPageSize(width.value) : pageSize;
  const shown = wallPage(classrooms, size, page);
  const visible = open && tabVisible ? shown.tiles.map((c) => c.id) : [];
  const spotlit = spotlight !== null && visible.includes(spotlight) ? spotlight : null;
  const key = visible.join(',');

  // The server learns what is on screen; again after every reconnect (connected flips).
  useEffect(() => {
    if (!connected) return;
    showOnWall(key ? key.split(',') : [], spotlit).catch((error: unknown) => reportActionError(error));
  }, [key, spotlit, connected]);

  // Rotation pauses while a classroom is spotlighted: the teacher is looking at it.
  useEffect(() => {
    if (!rotate || !open || spotlit !== null || shown.pages < 2) return;
    const timer = setInterval(() => setPage((p) => p + 1), ROTATE_EVERY_MS);
    return () => clearInterval(timer);
  }, [rotate, open, spotlit, shown.pages]);

  const turn = (by: number) => {
    setSpotlight(null);
    setPage(shown.page + by);
  };

  return (
    <section className="wall" aria-labelledby="wall-heading" data-testid="wall" data-open={open}>
      <header className="wall__bar">
        <h2 id="wall-heading">{t('wall.title')}</h2>
        <button type="button" className="button button--small" data-testid="wall-toggle" aria-pressed={open} onClick={() => setOpen(!open)}>
          {open ? t('wall.hide') : t('wall.show')}
        </button>
        {open ? (
          <>
            <label className="wall__field">
              {t('wall.pageSize')}{' '}
              <select
                data-testid="wall-page-size"
                value={String(pageSize)}
                onChange={(e) => { setPageSize(e.target.value === 'auto' ? 'auto' : Number(e.target.value) as PageSize); setPage(0); }}
              >
                {PAGE_SIZES.map((option) => <option key={option} value={String(option)}>{option === 'auto' ? t('wall.auto', { size }) : option}</option>)}
              </select>
            </label>
            <button type="button" className="button button--small" data-testid="wall-prev" disabled={shown.pages < 2} onClick={() => turn(-1)}>{t('wall.prev')}</button>
            <span data-testid="wall-page">{t('wall.page', { page: shown.page + 1, pages: shown.pages })}</span>
            <button type="button" className="button button--small" data-testid="wall-next" disabled={shown.pages < 2} onClick={() => turn(1)}>{t('wall.next')}</button>
            <label className="wall__field">
              <input type="checkbox" data-testid="wall-rotate" checked={rotate} onChange={(e) => setRotate(e.target.checked)} /> {t('wall.rotate')}
            </label>
          </>
        ) : null}
      </header>
      <div ref={width.ref} className="wall__tiles">
        {open && classrooms.length === 0 ? <p className="muted">{t('wall.empty')}</p> : null}
        {open ? shown.tiles.map((classroom) => (
          <WallTile
            key={classroom.id}
            classroom={classroom}
            spotlit={classroom.id === spotlit}
            onClick={() => setSpotlight(classroom.id === spotlit ? null : classroom.id)}
          />
        )) : null}
      </div>
    </section>
  );
}

const WallTile = memo(function WallTile({ classroom, spotlit, onClick }: { classroom: ClassroomStatus; spotlit: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  const owner = useMemo(() => ({ kind: 'classroom' as const, classroomId: classroom.id }), [classroom.id]);
  const picture = useStore(selectTrack(owner, 'wall'));
  const still = useStore((s) => s.wallStills[classroom.id]);
  const now = useNow(5_000);
  const showStill = !classroom.wallPictureOff && still !== undefined && now - still.receivedAt < STILL_SHOWN_MS;
  const placeholder = classroom.wallPictureOff ? t('wall.pictureOff') : picture || showStill ? null : t('wall.connecting');
  return (
    <figure
      className={`tile wall__tile${spotlit ? ' wall__tile--spotlight' : ''}`}
      data-testid="wall-tile"
      data-classroom-id={classroom.id}
      data-spotlight={spotlit}
      data-hand={classroom.hand !== null}
      data-picture-off={classroom.wallPictureOff}
    >
      <button type="button" className="wall__select" aria-pressed={spotlit} aria-label={t(spotlit ? 'wall.unspotlight' : 'wall.spotlight', { name: classroom.name })} onClick={onClick}>
        {classroom.wallPictureOff ? null : <TrackVideo track={picture?.track ?? null} testId="wall-video" className="tile__video" />}
        {showStill ? <img className="tile__video wall__still" data-testid="wall-still" alt="" src={`data:image/jpeg;base64,${still.jpeg}`} /> : null}
        {placeholder ? <div className="tile__placeholder" data-testid={classroom.wallPictureOff ? 'wall-picture-off' : undefined}>{placeholder}</div> : null}
      </button>
      <figcaption className="tile__name wall__caption">
        <span>{classroom.name}</span>
        {classroom.hand ? <span className="badge badge--hand"><HandIcon /> {t('hand.raised')}</span> : null}
        {showStill ? <span className="badge" data-testid="wall-still-badge" title={t('wall.stillHint')}>{t('wall.still')}</span> : null}
        <QualityBadge classroom={classroom} testId="wall-quality" />
      </figcaption>
    </figure>
  );
});

/** Whether this tab is on screen: a hidden console needs no picture at all. */
function useTabVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/** The width of an element, followed as the window changes. */
function useWidth(): { ref: React.RefObject<HTMLDivElement | null>; value: number } {
  const ref = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState(() => window.innerWidth);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => { if (entry) setValue(Math.round(entry.contentRect.width)); });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, value };
}

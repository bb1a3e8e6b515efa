import { useLayoutEffect, useRef } from 'react';
import { placePicture, type TeacherPicture } from '../../services/projectorPictures.ts';

/**
 * Where one of the teacher's lasting pictures (services/projectorPictures.ts) goes in a view:
 * the element itself, with the view's class. The slot makes no box of its own (display:
 * contents), so the picture is laid out as a child of the view, as any <video> would be.
 */
export function PictureSlot({ picture, className }: { picture: TeacherPicture; className: string }) {
  const slot = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (slot.current) placePicture(picture, slot.current);
  }, [picture]);
  useLayoutEffect(() => {
    picture.element.className = className;
  }, [picture, className]);
  return <div ref={slot} className="picture-slot" />;
}

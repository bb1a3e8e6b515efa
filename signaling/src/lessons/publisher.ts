import type { MediaSource, ProducerInfo, ProducerOwner } from '@classroom/shared';
import type { PublishedMedia } from '@classroom/sfu';

// The media layer knows publishers by an opaque id; these map it to the protocol's owner.
export const TEACHER_PUBLISHER = 'teacher';

export function classroomPublisher(classroomId: string): string {
  return `classroom:${classroomId}`;
}

/** Who a client publishes as: the teacher, or its classroom (when on stage). */
export function publisherOf(claims: { role: string; classroomId: string | null }): string {
  return claims.role === 'teacher' ? TEACHER_PUBLISHER : classroomPublisher(claims.classroomId!);
}

export function ownerOf(publisherId: string): ProducerOwner {
  return publisherId === TEACHER_PUBLISHER
    ? { kind: 'teacher' }
    : { kind: 'classroom', classroomId: publisherId.slice('classroom:'.length) };
}

export function producerInfo(media: PublishedMedia): ProducerInfo {
  return {
    producerId: media.producerId,
    kind: media.kind,
    source: media.label as MediaSource,
    owner: ownerOf(media.publisherId),
    paused: media.paused,
  };
}

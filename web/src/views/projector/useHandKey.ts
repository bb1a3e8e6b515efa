import { useEffect, useRef } from 'react';
import { lowerHand, raiseHand } from '../../services/interaction.ts';

const HAND_KEYS = new Set([' ', 'h', 'H']);

/**
 * One key raises or lowers the hand (Space or H), so that a teacher in the room never needs
 * the mouse. It wins over whatever button kept the focus after a click (the language switch
 * would otherwise flip on Space), except the hand button itself, which Space already clicks.
 */
export function useHandKey(enabled: boolean, raised: boolean, handButtonSelector: string): void {
  const sending = useRef(false);

  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (!HAND_KEYS.has(event.key) || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable]')) return;
      if (event.key === ' ' && target?.closest(handButtonSelector)) return;
      event.preventDefault();
      // One command at a time: a held or bouncing key must not raise and lower in a burst.
      if (sending.current) return;
      sending.current = true;
      void (raised ? lowerHand() : raiseHand()).finally(() => {
        sending.current = false;
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, raised, handButtonSelector]);
}

/**
 * The deterministic corpus split shared by training and evaluation: a record's id decides, so the
 * held-out set is the same on every machine and is never seen by training or calibration.
 */

export type CorpusSplit = 'heldout' | 'calibration' | 'fit';

export const HELDOUT_PERCENT = 20;
/** Of the records that are not held out. */
export const CALIBRATION_PERCENT = 15;

/** FNV-1a, 32 bit: stable across platforms and Node versions, unlike Math.random or object order. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function corpusSplitOf(id: string): CorpusSplit {
  if (fnv1a(id) % 100 < HELDOUT_PERCENT) return 'heldout';
  // A second, independent hash: otherwise calibration would be a slice of one hash range.
  if (fnv1a(id, 0x2c9277b5) % 100 < CALIBRATION_PERCENT) return 'calibration';
  return 'fit';
}

import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The fake camera: a Y4M file whose every frame shows its own index as a barcode of large flat
 * blocks, so that it survives VP8 at the lowest simulcast layer (160x90 at 150 kbit/s) and any
 * scaling. The frame is a grid of COLS x ROWS cells: cell 0 is white and cell 1 black (the
 * reference levels the decoder thresholds between), cells 2..17 are 16 bits: the index (8 bits)
 * then its complement, so that a frame caught mid-change or smeared by the encoder is rejected
 * instead of read as another index.
 */
export const BARCODE = { cols: 6, rows: 3 } as const;

export interface FakeCameraOptions {
  width: number;
  height: number;
  fps: number;
  /** Frames in the file; Chromium loops it, so indexes repeat every frames / fps seconds. */
  frames: number;
}

export const DEFAULT_CAMERA: FakeCameraOptions = { width: 640, height: 360, fps: 30, frames: 150 };

const WHITE = 235;
const BLACK = 16;
const FORMAT_VERSION = 1; // bump when the layout changes, so the cached file is rewritten

/** The 18 cell levels of frame `index` (white, black, then 16 bits, most significant first). */
export function cellsOf(index: number): boolean[] {
  if (!Number.isInteger(index) || index < 0 || index > 255) throw new Error(`frame index ${index} does not fit 8 bits`);
  const value = (index << 8) | (~index & 0xff);
  const bits = Array.from({ length: 16 }, (_, k) => ((value >> (15 - k)) & 1) === 1);
  return [true, false, ...bits];
}

/** Reads an index back from 18 cell luma values; null when the frame is not a valid code. */
export function decodeIndex(levels: readonly number[]): number | null {
  const [white, black] = levels as [number, number];
  if (white - black < 60) return null;
  const threshold = (white + black) / 2;
  let value = 0;
  for (let k = 0; k < 16; k++) value = (value << 1) | ((levels[2 + k] ?? 0) > threshold ? 1 : 0);
  const index = value >> 8;
  return (~value & 0xff) === index ? index : null;
}

function lumaPlane(options: FakeCameraOptions, index: number): Buffer {
  const { width, height } = options;
  const { cols, rows } = BARCODE;
  const cells = cellsOf(index);
  const plane = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * rows) / height);
    for (let col = 0; col < cols; col++) {
      const x0 = Math.floor((col * width) / cols);
      const x1 = Math.floor(((col + 1) * width) / cols);
      plane.fill(cells[row * cols + col] ? WHITE : BLACK, y * width + x0, y * width + x1);
    }
  }
  return plane;
}

/**
 * Writes the file once into the OS temp folder (~52 MB at 640x360, 150 frames) and returns its
 * path; later runs reuse it. Written by Node directly (no ffmpeg on the machine).
 */
export function ensureFakeCamera(options: FakeCameraOptions = DEFAULT_CAMERA): string {
  const { width, height, fps, frames } = options;
  if (width % 2 || height % 2) throw new Error('Y4M 4:2:0 needs an even width and height');
  if (frames > 256) throw new Error('at most 256 frames: the barcode carries 8 bits');
  const dir = join(tmpdir(), 'classroom-latency');
  const path = join(dir, `barcode-v${FORMAT_VERSION}-${width}x${height}-${fps}fps-${frames}f.y4m`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128); // gray: U and V planes
    for (let i = 0; i < frames; i++) {
      writeSync(fd, 'FRAME\n');
      writeSync(fd, lumaPlane(options, i));
      writeSync(fd, chroma);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path); // atomic: a crashed run never leaves a truncated file behind
  return path;
}

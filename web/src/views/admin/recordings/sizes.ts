const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** A size as the admin reads it: GB from 1 GB up, MB below (one decimal). */
export function formatBytes(bytes: number, language: string): string {
  const number = (value: number) => value.toLocaleString(language, { maximumFractionDigits: 1 });
  return bytes >= GB ? `${number(bytes / GB)} GB` : `${number(bytes / MB)} MB`;
}

/** A recording's length: h:mm:ss, or m:ss under an hour. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export const bytesToGb = (bytes: number | null): string => (bytes === null ? '' : String(Math.round((bytes / GB) * 10) / 10));
export const gbToBytes = (gb: string): number | null => (gb.trim() === '' ? null : Math.round(Number(gb) * GB));

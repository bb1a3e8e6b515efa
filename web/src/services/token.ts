/** Page links carry their signed token as `?token=`. */
export function tokenFromQuery(): string | null {
  const token = new URLSearchParams(location.search).get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

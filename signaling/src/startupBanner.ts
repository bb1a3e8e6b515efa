export interface BannerInput {
  publicUrl: string;
  adminToken: string;
  /** The file the server keeps the admin token in; undefined when it came from CLASSROOM_ADMIN_TOKEN. */
  adminTokenFile: string | undefined;
  /** Whether stdout is a terminal (someone is watching) rather than a log (journal, docker logs, a file). */
  terminal: boolean;
}

/**
 * What `npm start` prints once it listens. The admin link carries the admin token: printed only to
 * a terminal, for the operator in front of it. When stdout is a log (the same stream as the JSON
 * logs), anyone who can read logs would get the key: then only where to find it is printed.
 */
export function startupBanner({ publicUrl, adminToken, adminTokenFile, terminal }: BannerInput): string {
  const running = `  Live classroom is running: ${publicUrl}`;
  const admin = terminal
    ? `  Admin page (keep this link private): ${publicUrl}/admin#token=${adminToken}`
    : `  Admin page: ${publicUrl}/admin (its key is ${adminTokenFile ? `in the file ${adminTokenFile}` : 'the CLASSROOM_ADMIN_TOKEN setting'})`;
  return `\n${running}\n${admin}\n\n`;
}

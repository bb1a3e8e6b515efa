import { describe, expect, it } from 'vitest';
import { startupBanner } from './startupBanner.ts';

const TOKEN = 'admin-token-0123456789abcdef';

describe('startupBanner (the admin key never goes to a log)', () => {
  it('shows the admin link at a terminal', () => {
    const text = startupBanner({ publicUrl: 'http://localhost:3000', adminToken: TOKEN, adminTokenFile: '/srv/data/admin-token', terminal: true });
    expect(text).toContain('Live classroom is running: http://localhost:3000');
    expect(text).toContain(`http://localhost:3000/admin#token=${TOKEN}`);
  });

  it.each([
    ['/srv/data/admin-token', 'in the file /srv/data/admin-token'],
    [undefined, 'the CLASSROOM_ADMIN_TOKEN setting'],
  ])('says only where the key is when stdout is a log (file %s)', (adminTokenFile, where) => {
    const text = startupBanner({ publicUrl: 'http://localhost:3000', adminToken: TOKEN, adminTokenFile, terminal: false });
    expect(text).toContain('Live classroom is running: http://localhost:3000');
    expect(text).toContain(`http://localhost:3000/admin (its key is ${where})`);
    expect(text).not.toContain(TOKEN);
  });
});

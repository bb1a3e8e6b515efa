import { describe, expect, it } from 'vitest';
import { reportSourceOf, reportUrl } from './reportUrl.ts';

describe('the report page\'s address', () => {
  it('carries the key in the hash, and says when it comes from the district view', () => {
    expect(reportUrl('L1', 'tok')).toBe('/report?lesson=L1#token=tok');
    const fromDistrict = reportUrl('L1', 'tok', 'district');
    expect(fromDistrict).toBe('/report?lesson=L1&via=district#token=tok');
    expect(reportSourceOf(new URL(fromDistrict, 'http://x').search)).toBe('district');
    expect(reportSourceOf('?lesson=L1')).toBe('lesson');
  });
});

import { useTestServer } from './harness.ts';
import { recoveryCases } from './recoveryCases.ts';

// With the in-memory adapter of a single server (clusterRecovery.test.ts: with Redis streams).
recoveryCases(useTestServer());

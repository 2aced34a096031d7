import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startSandbox } from '../../src/sandbox.ts';
import { DEFAULT_SANDBOX_CREDENTIALS, SEED } from '../../src/simulator/seed.ts';

describe('startSandbox', () => {
  it('starts the simulator on 127.0.0.1 and points the configuration and example tabs at it', async () => {
    const sandbox = await startSandbox(loadConfig({}));
    try {
      expect(sandbox.config.mode).toBe('sandbox');
      expect(sandbox.config.boomi).toMatchObject({
        ...DEFAULT_SANDBOX_CREDENTIALS,
        graphqlUrl: `${sandbox.url}/graphql`,
      });
      expect(new URL(sandbox.url).hostname).toBe('127.0.0.1');
      expect(sandbox.graphiqlExamples).toEqual({
        spaceId: SEED.demoLiveSpaceIds[0],
        freeAccountGroupId: SEED.freeAccountGroupIds[0],
      });
      const stats = await fetch(`${sandbox.url}/__sim/stats`);
      expect(stats.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { BOOMI_REGIONS, DEFAULT_BOOMI_ENDPOINTS } from '../../src/boomi-regions.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const endpoints = (env: Record<string, string>) => {
  const { graphqlUrl, authUrl } = loadConfig(env).boomi;
  return { graphqlUrl, authUrl };
};

describe('BOOMI_REGION', () => {
  it('keeps the documented default without a region', () => {
    expect(endpoints({})).toEqual({
      graphqlUrl: 'https://platform.boomi.com/graphql',
      authUrl: 'https://api.boomi.com/auth/jwt/generate',
    });
    expect(endpoints({})).toEqual(DEFAULT_BOOMI_ENDPOINTS);
  });

  it.each([
    ['us', 'https://api.boomi.com/graphql', 'https://api.boomi.com/auth/jwt/generate'],
    ['US', 'https://api.boomi.com/graphql', 'https://api.boomi.com/auth/jwt/generate'],
    [
      'gb',
      'https://api.platform.gb.boomi.com/graphql',
      'https://api.platform.gb.boomi.com/auth/jwt/generate',
    ],
  ])('%s presets both endpoints', (region, graphqlUrl, authUrl) => {
    expect(endpoints({ BOOMI_REGION: region })).toEqual({ graphqlUrl, authUrl });
  });

  it('lets an explicit URL win over the preset', () => {
    expect(endpoints({ BOOMI_REGION: 'gb', BOOMI_GRAPHQL_URL: 'https://proxy.internal/graphql' })).toEqual({
      graphqlUrl: 'https://proxy.internal/graphql',
      authUrl: BOOMI_REGIONS.gb.authUrl,
    });
  });

  it('refuses an unknown region, naming the variable and the value', () => {
    expect(() => loadConfig({ BOOMI_REGION: 'eu' })).toThrow(ConfigError);
    expect(() => loadConfig({ BOOMI_REGION: 'eu' })).toThrow(
      'BOOMI_REGION: expected us or gb (received "eu")',
    );
  });
});

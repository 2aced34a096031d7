/** Upstream endpoints of one Boomi platform region. */
export interface BoomiEndpoints {
  readonly graphqlUrl: string;
  readonly authUrl: string;
}

/**
 * Without BOOMI_REGION: the host the Spaces help pages document (docs/contract.md §0, §1) for GraphQL,
 * and the documented JWT endpoint.
 */
export const DEFAULT_BOOMI_ENDPOINTS: BoomiEndpoints = {
  graphqlUrl: 'https://platform.boomi.com/graphql',
  authUrl: 'https://api.boomi.com/auth/jwt/generate',
};

/**
 * BOOMI_REGION presets: the region hosts of Boomi's developer reference (docs/contract.md §0, §2).
 * BOOMI_GRAPHQL_URL and BOOMI_AUTH_URL, when set, win over a preset.
 */
export const BOOMI_REGIONS = {
  us: { graphqlUrl: 'https://api.boomi.com/graphql', authUrl: 'https://api.boomi.com/auth/jwt/generate' },
  gb: {
    graphqlUrl: 'https://api.platform.gb.boomi.com/graphql',
    authUrl: 'https://api.platform.gb.boomi.com/auth/jwt/generate',
  },
} as const satisfies Record<string, BoomiEndpoints>;

export type BoomiRegion = keyof typeof BOOMI_REGIONS;

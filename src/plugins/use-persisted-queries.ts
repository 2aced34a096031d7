import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { subgraphError } from '../errors/subgraph-error.ts';

export interface PersistedQueriesOptions {
  /** Most queries kept, least recently used evicted first. @default 1000 */
  maxEntries?: number;
}

/** What the APQ protocol puts in `extensions.persistedQuery`. */
interface PersistedQueryExtension {
  version: 1;
  sha256Hash: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Automatic persisted queries as Apollo Router's subgraph APQ (and Apollo Client's link) speak
 * them: a request with `extensions.persistedQuery.sha256Hash` and no query runs the stored query,
 * or fails with PERSISTED_QUERY_NOT_FOUND so the sender retries with the query; a request with
 * both is checked (SHA-256 of the query text, hex) and stored, or refused with
 * PERSISTED_QUERY_HASH_MISMATCH. The store is this replica's memory, bounded (LRU): a replica that
 * lost an entry answers NOT_FOUND and the sender re-sends, which the protocol expects.
 * `@graphql-yoga/plugin-apq` 3.6 would do the same but requires `@graphql-tools/utils` ^10 (we
 * run 12), so npm refuses it (docs/adr/0070-own-apq-plugin.md).
 */
export function usePersistedQueries(options: PersistedQueriesOptions = {}): Plugin {
  const maxEntries = options.maxEntries ?? 1000;
  const store = new Map<string, string>();
  const remember = (hash: string, query: string) => {
    store.delete(hash);
    store.set(hash, query);
    if (store.size > maxEntries) store.delete(store.keys().next().value as string);
  };
  return {
    onParams({ params, setParams }) {
      const persisted = persistedQueryOf(params.extensions);
      if (persisted === undefined) return;
      const hash = persisted.sha256Hash.toLowerCase();
      if (params.query == null || params.query === '') {
        const query = store.get(hash);
        if (query === undefined) throw subgraphError('PERSISTED_QUERY_NOT_FOUND');
        remember(hash, query);
        setParams({ ...params, query });
        return;
      }
      if (createHash('sha256').update(params.query).digest('hex') !== hash) {
        throw subgraphError('PERSISTED_QUERY_HASH_MISMATCH');
      }
      remember(hash, params.query);
    },
  };
}

/** The persisted-query extension, undefined when absent; BAD_REQUEST when malformed. */
function persistedQueryOf(
  extensions: Record<string, unknown> | undefined,
): PersistedQueryExtension | undefined {
  const value = extensions?.persistedQuery;
  if (value === undefined || value === null) return undefined;
  const { version, sha256Hash } = value as Partial<PersistedQueryExtension>;
  if (version !== 1 || typeof sha256Hash !== 'string' || !SHA256_HEX.test(sha256Hash.toLowerCase())) {
    throw subgraphError('BAD_REQUEST', {
      message: 'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 hex digits>" }.',
    });
  }
  return { version, sha256Hash };
}

import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * Yoga's `renderGraphiQL` hook with every GraphiQL asset (script, styles, Monaco workers) inlined from
 * `@graphql-yoga/render-graphiql`: Yoga's default page loads them from a CDN and is blank offline.
 * The page is about 9 MB, so it is rendered once per distinct options and reused.
 */
export function createOfflineGraphiQLRenderer(): (options: GraphiQLOptions) => string {
  let lastKey: string | undefined;
  let lastPage = '';
  return (options) => {
    // Yoga passes a fresh copy of the same options on every request.
    const key = JSON.stringify(options);
    if (key !== lastKey) {
      lastPage = renderGraphiQL(options);
      lastKey = key;
    }
    return lastPage;
  };
}

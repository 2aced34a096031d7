import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { describe, expect, it, vi } from 'vitest';
import { createOfflineGraphiQLRenderer } from '../../../src/graphiql/render-offline.ts';

vi.mock('@graphql-yoga/render-graphiql', async (importOriginal) => {
  const original = await importOriginal<typeof import('@graphql-yoga/render-graphiql')>();
  return { ...original, renderGraphiQL: vi.fn(original.renderGraphiQL) };
});

describe('createOfflineGraphiQLRenderer', () => {
  const render = createOfflineGraphiQLRenderer();

  it('inlines every asset: no script, stylesheet or worker from another host', () => {
    const page = render({ title: 'spaces-subgraph' });
    expect(page).toContain('<title>spaces-subgraph</title>');
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(page).not.toContain('unpkg.com');
    expect(page).not.toContain('cdn.jsdelivr.net');
  });

  it('renders once per distinct options (Yoga passes a fresh copy each request)', () => {
    vi.mocked(renderGraphiQL).mockClear();
    render({ title: 'a', defaultTabs: [{ query: '{ spaces { id } }' }] });
    render({ title: 'a', defaultTabs: [{ query: '{ spaces { id } }' }] });
    expect(renderGraphiQL).toHaveBeenCalledTimes(1);
    expect(render({ title: 'b' })).toContain('<title>b</title>');
    expect(renderGraphiQL).toHaveBeenCalledTimes(2);
  });
});

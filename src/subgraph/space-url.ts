/**
 * `Space.url` as Boomi returns it (`https://space.boomi.com?guid=gh887hhuj`): the guid in its query is
 * what space-scoped operations need (computed `Space.guid`, the SPACE_GUID of `Space.environments`…).
 */

/** The `guid` query parameter of a Space URL (`https://space.boomi.com?guid=gh887hhuj`), if any. */
export function spaceGuidFromUrl(url: string): string | undefined {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('#')[0] : undefined;
  if (!query) return undefined;
  const guid = new URLSearchParams(query).get('guid');
  return guid ? guid : undefined;
}

/** Data formats of the Boomi platform (docs/contract.md §7). */

/** `yyyy-MM-dd HH:mm:ss.S` in UTC, the Space date format (Java `Timestamp.toString()` style). */
export function formatSpaceDate(date: Date): string {
  const iso = date.toISOString(); // 2023-04-13T11:57:12.345Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.charAt(20)}`;
}

/** `yyyy-MM-dd'T'HH:mm:ss'Z'`, the execution-history time format. */
export function formatExecutionTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Parses `yyyy-MM-dd'T'HH:mm:ss'Z'` (milliseconds tolerated); undefined when malformed. */
export function parseExecutionTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Unpadded base64, the encoding of most platform ids (`SW50ZWdyYXRpb25QYWNrSW5zdGFuY2UyNzk3Mg`). */
export function base64Unpadded(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '');
}

/** Decodes unpadded base64; undefined when the text is not canonical base64 of printable text. */
export function decodeBase64Unpadded(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  // Round-trip check rejects strings that only look like base64 (e.g. "ID" or a UUID).
  if (base64Unpadded(decoded) !== value) return undefined;
  if (!/^[\x20-\x7e]+$/.test(decoded)) return undefined;
  return decoded;
}

/** Platform id of an integration pack instance: base64 of `IntegrationPackInstance<n>`. */
export function instanceIdFor(n: number): string {
  return base64Unpadded(`IntegrationPackInstance${n}`);
}

/** Attachment id: base64 of `ATTACH_IPACK_ENV<instanceId>:<environmentId>`. */
export function attachmentIdFor(instanceId: string, environmentId: string): string {
  return base64Unpadded(`ATTACH_IPACK_ENV${instanceId}:${environmentId}`);
}

/** Process schedules id: base64 of `CPS<atomId>:<processId>`. */
export function processSchedulesIdFor(atomId: string, processId: string): string {
  return base64Unpadded(`CPS${atomId}:${processId}`);
}

/** Environment extensions id: base64 of `<environmentId>:<extensionGroupId>`. */
export function envExtensionIdFor(environmentId: string, extensionGroupId: string): string {
  return base64Unpadded(`${environmentId}:${extensionGroupId}`);
}

/** Map extension id: base64 of `<environmentId>:<extensionGroupId>:<extensionGroupId>:<mapId>` (observed shape). */
export function mapExtensionIdFor(environmentId: string, extensionGroupId: string, mapId: string): string {
  return base64Unpadded(`${environmentId}:${extensionGroupId}:${extensionGroupId}:${mapId}`);
}

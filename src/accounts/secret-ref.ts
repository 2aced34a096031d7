import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A secret in the accounts file: named by reference, never written inline. */
export const SECRET_REF = z.union(
  [
    z.strictObject({
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected a variable name' }),
    }),
    z.strictObject({ file: z.string().min(1) }),
  ],
  { message: 'expected { env: VARIABLE } or { file: /path/to/secret } (inline secrets are refused)' },
);
export type SecretRef = z.output<typeof SECRET_REF>;

/**
 * Reads the secret a reference names (a file loses one trailing newline, as Kubernetes secret volumes
 * write it). Returns a problem, never the value, when it cannot.
 */
export function readSecret(
  ref: SecretRef,
  env: Record<string, string | undefined>,
): { value: string } | { problem: string } {
  if ('env' in ref) {
    const value = env[ref.env]?.trim();
    return value ? { value } : { problem: `the variable ${ref.env} is not set` };
  }
  try {
    const value = readFileSync(ref.file, 'utf8').replace(/\r?\n$/, '');
    return value ? { value } : { problem: `the file ${JSON.stringify(ref.file)} is empty` };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { problem: `cannot read the file ${JSON.stringify(ref.file)} (${reason})` };
  }
}

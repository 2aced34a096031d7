/** deploy/accounts.example.yaml is a valid BOOMI_ACCOUNTS file whose secrets are references only. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACCOUNTS_FILE } from '../../../src/accounts/accounts-file.ts';

const example = parse(
  readFileSync(join(import.meta.dirname, '../../../deploy/accounts.example.yaml'), 'utf8'),
);

describe('deploy/accounts.example.yaml', () => {
  it('passes the accounts file schema, every token by env or file reference', () => {
    const parsed = ACCOUNTS_FILE.parse(example);
    expect(parsed.accounts.map((a) => a.name)).toEqual(['eu', 'us']);
    expect(parsed.accounts.map((a) => Object.keys(a.apiToken))).toEqual([['env'], ['file']]);
  });
});

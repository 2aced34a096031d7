const SECRET_PATTERNS: readonly RegExp[] = [
  // Authorization header values, whatever the scheme's case.
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  // JWT-shaped: three base64url segments, the first usually starting with eyJ ('{"').
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g,
  /\b[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g,
];

/** Replaces Authorization values and JWT-shaped strings with `[REDACTED]`; for anything that goes to a log. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, scheme: unknown) =>
      typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme) ? `${scheme} [REDACTED]` : '[REDACTED]',
    );
  }
  return out;
}

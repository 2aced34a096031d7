import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { Plugin } from 'graphql-yoga';
import { CONFIG_DEFAULTS } from '../config.ts';
import type { CanonicalCode } from '../errors/catalog.ts';
import { subgraphError } from '../errors/subgraph-error.ts';

export interface OperationLimitsOptions {
  /** Deepest selection (fields and fragments count, introspection does not). @default 6 */
  maxDepth?: number;
  /** Most aliases in one operation (`__typename` aliases are free). @default 15 */
  maxAliases?: number;
  /** Most lexical tokens in one document; the parser stops at the first one over. @default 1000 */
  maxTokens?: number;
  /** Most directives in one operation. @default 50 */
  maxDirectives?: number;
  /** Highest graphql-armor cost (objects 2, scalars 1, ×1.5 per level). @default 5000 */
  maxCost?: number;
}

/** graphql-armor's defaults (3.2), declared once. */
export const OPERATION_LIMIT_DEFAULTS: Required<OperationLimitsOptions> = {
  maxDepth: CONFIG_DEFAULTS.limits.maxDepth,
  maxAliases: CONFIG_DEFAULTS.limits.maxAliases,
  maxTokens: CONFIG_DEFAULTS.limits.maxTokens,
  maxDirectives: CONFIG_DEFAULTS.limits.maxDirectives,
  maxCost: CONFIG_DEFAULTS.limits.maxCost,
};

/** armor prefixes every rejection with "Syntax Error: " even when the syntax is fine. */
const ARMOR_PREFIX = /^Syntax Error: /;

/**
 * A validation-time rejection reported as our catalog error: armor's message (it states the limit
 * and what was found), our code, HTTP 400 through Yoga's validation handling.
 */
function reportAs(code: CanonicalCode): GraphQLArmorRejectCallback {
  return (context, error) => {
    const rejection = subgraphError(code, { message: error.message.replace(ARMOR_PREFIX, '') });
    // The token limit is checked in the parser, which has no validation context: throwing stops
    // parsing at the first token over the limit, and Yoga answers it as a parse failure (400).
    if (context === null) throw rejection;
    context.reportError(rejection);
  };
}

/**
 * Operation limits from graphql-armor (depth, aliases, tokens, directives, cost), each refused
 * before execution with its own code: OPERATION_TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_TOKENS,
 * TOO_MANY_DIRECTIVES, OPERATION_TOO_COMPLEX. Field-suggestion blocking stays off here: schema
 * exposure is decided by the introspection settings (docs/security.md).
 */
export function useOperationLimits(options: OperationLimitsOptions = {}): Plugin {
  const limits = { ...OPERATION_LIMIT_DEFAULTS, ...definedOnly(options) };
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return EnvelopArmorPlugin({
    blockFieldSuggestion: { enabled: false },
    maxDepth: { ...common, n: limits.maxDepth, onReject: [reportAs('OPERATION_TOO_DEEP')] },
    maxAliases: { ...common, n: limits.maxAliases, onReject: [reportAs('TOO_MANY_ALIASES')] },
    maxTokens: { ...common, n: limits.maxTokens, onReject: [reportAs('TOO_MANY_TOKENS')] },
    maxDirectives: { ...common, n: limits.maxDirectives, onReject: [reportAs('TOO_MANY_DIRECTIVES')] },
    costLimit: { ...common, maxCost: limits.maxCost, onReject: [reportAs('OPERATION_TOO_COMPLEX')] },
  }) as Plugin;
}

function definedOnly(options: OperationLimitsOptions): OperationLimitsOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

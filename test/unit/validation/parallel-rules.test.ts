import fc from 'fast-check';
import {
  type ASTVisitor,
  BREAK,
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  parse,
  specifiedRules,
  validate,
  visit,
  visitInParallel,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSpacesSchema } from '../../../src/subgraph/build-spaces-schema.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import { parallelVisitor, rulesInParallel } from '../../../src/validation/parallel-rules.ts';

const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;
let schema: GraphQLSchema;

beforeAll(async () => {
  schema = buildSpacesSchema({
    upstreamSchema: await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT }),
    executor: () => {
      throw new Error('nothing is executed');
    },
  });
});

const name = fc.constantFrom(
  'spaces',
  'space',
  'id',
  'name',
  'guid',
  'createdAt',
  'accountGroup',
  'theme',
  'logoUrl',
  'nope',
  '__typename',
  '_entities',
);
const args = fc.constantFrom('', '(id: "1")', '(id: $v)', '(id: 1)', '(bad: true)', '(id: "1", id: "2")');
const directive = fc.constantFrom(
  '',
  '',
  ' @skip(if: true)',
  ' @include(if: $b)',
  ' @skip',
  ' @nope',
  ' @skip(if: $v)',
);
const leaf = fc.tuple(fc.option(fc.constantFrom('a', 'id'), { nil: undefined }), name, args, directive);

/** Selection sets mixing valid and invalid fields, arguments, directives, fragments. */
const selectionSet: fc.Memo<string> = fc.memo((depth) =>
  fc
    .array(
      fc.oneof(
        leaf.map(([a, n, x, d]) => `${a ? `${a}: ` : ''}${n}${x}${d}`),
        fc
          .tuple(leaf, depth > 1 ? selectionSet(depth - 1) : fc.constant('{ id }'))
          .map(([[a, n, x, d], s]) => `${a ? `${a}: ` : ''}${n}${x}${d} ${s}`),
        fc.constantFrom('...F', '...G', '... on Space { id }', '... on Nope { id }', '... { name }'),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((items) => `{ ${items.join(' ')} }`),
);

const documents = fc
  .tuple(
    fc.constantFrom(
      'query',
      'query Q',
      'query ($v: ID, $b: Boolean!)',
      'mutation',
      'subscription',
      'query Q',
    ),
    selectionSet(3),
    fc.constantFrom(
      '',
      'fragment F on Space { id name }',
      'fragment F on Space { ...F }',
      'fragment G on Nope { x }',
    ),
    fc.constantFrom('', 'query Q { spaces { id } }', '{ spaces { id } }'),
  )
  .map((parts) => parts.join(' '));

function parsed(source: string): DocumentNode | undefined {
  try {
    return parse(source, { noLocation: false });
  } catch {
    return undefined;
  }
}

const asJson = (errors: readonly unknown[]) => JSON.stringify(errors);

describe('rulesInParallel', () => {
  it('reports what graphql-js reports with the same rules, in the same order (generated documents)', () => {
    fc.assert(
      fc.property(documents, (source) => {
        const document = parsed(source);
        if (!document) return;
        const expected = validate(schema, document, specifiedRules);
        expect(asJson(validate(schema, document, [rulesInParallel(specifiedRules)])), source).toBe(
          asJson(expected),
        );
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });

  it('keeps the error limit of graphql-js (maxErrors) and its abort', () => {
    const document = parse('{ a b c d e f }');
    const options = { maxErrors: 2 };
    expect(asJson(validate(schema, document, [rulesInParallel(specifiedRules)], options))).toBe(
      asJson(validate(schema, document, specifiedRules, options)),
    );
  });

  it('reuses the merged rule for the same rules, builds another for other rules', () => {
    const a = rulesInParallel([...specifiedRules]);
    expect(rulesInParallel([...specifiedRules])).toBe(a);
    expect(rulesInParallel(specifiedRules.slice(1))).not.toBe(a);
  });
});

/** Visitors that skip, break, edit, and use every handler shape graphql-js accepts, recording what they see. */
function recordingVisitors(log: string[]): ASTVisitor[] {
  const at = (who: string, phase: string) => (node: { kind: string; name?: { value: string } }) =>
    void log.push(`${who}:${phase}:${node.kind}:${node.name?.value ?? ''}`);
  class WithPrototype {
    Field(node: { kind: string; name: { value: string } }) {
      log.push(`proto:${node.name.value}`);
    }
  }
  // graphql-armor's shape: a class instance whose handler is an own property set in the constructor.
  class WithOwnHandler {
    OperationDefinition: { enter: (node: { kind: string }) => void };
    constructor() {
      this.OperationDefinition = { enter: at('own', 'enter') };
    }
  }
  // Inherits Field, adds its own SelectionSet leave and a getter for Name.
  class Derived extends WithPrototype {
    SelectionSet = { leave: at('derived', 'leave') };
    get Name() {
      return at('derived-getter', 'enter');
    }
  }
  return [
    // Skips the subtree of fields named `accountGroup`.
    {
      Field: (node) => {
        at('skip', 'enter')(node);
        return node.name.value === 'accountGroup' ? false : undefined;
      },
    },
    // Stops after its third field.
    (() => {
      let fields = 0;
      return {
        Field: {
          enter: (node) => {
            at('break', 'enter')(node);
            return ++fields === 3 ? BREAK : undefined;
          },
        },
      };
    })(),
    // Every kind, through the generic enter/leave.
    { enter: at('generic', 'enter'), leave: at('generic', 'leave') },
    { Name: at('names', 'enter'), SelectionSet: { leave: at('names', 'leave') } },
    // Breaks on leave of the first operation.
    {
      OperationDefinition: {
        leave: (node) => {
          at('leaveBreak', 'leave')(node);
          return BREAK;
        },
      },
    },
    new WithPrototype() as unknown as ASTVisitor,
    new WithOwnHandler() as unknown as ASTVisitor,
    new Derived() as unknown as ASTVisitor,
    { Field: undefined } as unknown as ASTVisitor,
  ];
}

describe('parallelVisitor', () => {
  it('calls the same handlers in the same order as graphql-js visitInParallel (skip, BREAK, every shape)', () => {
    fc.assert(
      fc.property(documents, (source) => {
        const document = parsed(source);
        if (!document) return;
        const expected: string[] = [];
        const actual: string[] = [];
        visit(document, visitInParallel(recordingVisitors(expected)));
        visit(document, parallelVisitor(recordingVisitors(actual)));
        expect(actual, source).toEqual(expected);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('returns an edit from the first visitor that makes one, as graphql-js does', () => {
    const document = parse('{ spaces { id name } }');
    const rename = (to: string): ASTVisitor => ({
      Name: (node) => (node.value === 'id' ? { ...node, value: to } : undefined),
    });
    const edited = (merge: (visitors: ASTVisitor[]) => ASTVisitor) =>
      JSON.stringify(visit(document, merge([{ Field: () => undefined }, rename('first'), rename('second')])));
    expect(edited(parallelVisitor)).toBe(edited(visitInParallel));
    expect(edited(parallelVisitor)).toContain('"first"');
  });

  it('has handlers only for the kinds some visitor handles', () => {
    const merged = parallelVisitor([{ Field: () => undefined }, { Name: { leave: () => undefined } }]);
    expect(Object.keys(merged).sort()).toEqual([Kind.FIELD, Kind.NAME].sort());
  });
});

import fc from 'fast-check';

/**
 * Values variables can hold and some they cannot (Date, BigInt, a function, a null-prototype
 * object, NaN): the arbitrary of the canonical-JSON tests (stable-json, same-json).
 */
const key = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('__typename', 'id', '10', '9', 'a', 'B', '__proto__x'),
);
const leaf = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(-0),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
  fc.constant(new Date(0)),
  fc.constant(Object.create(null)),
  fc.bigInt(),
  fc.constant(() => 1),
);
export const jsonLikeValue = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).node;

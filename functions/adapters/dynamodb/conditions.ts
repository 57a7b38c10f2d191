/**
 * Conditions and filters of DynamoDB expressions, each with its own placeholders, joined into one
 * expression (the callers choose placeholders that do not clash).
 */

type Item = Record<string, unknown>;

/** A condition (or a filter) with its own placeholders. */
export interface Condition {
  expression: string;
  values?: Item;
  names?: Record<string, string>;
}

/** Conditions that must all hold, as one. */
export function allOf(...conditions: [Condition, ...Condition[]]): Condition {
  return {
    expression: conditions.map((c) => c.expression).join(' AND '),
    values: Object.assign({}, ...conditions.map((c) => c.values ?? {})),
    names: Object.assign({}, ...conditions.map((c) => c.names ?? {})),
  };
}

/** Filters that must all hold, as one; none gives undefined (no filter at all). */
export const filterOfAll = (conditions: readonly Condition[]): Condition | undefined =>
  conditions.length === 0 ? undefined : allOf(...(conditions as [Condition, ...Condition[]]));

/** A condition's placeholders as DynamoDB takes them: empty maps are left out (DynamoDB refuses them). */
export const placeholders = (
  condition: Condition | undefined,
  values: Item = {},
  names: Record<string, string> = {},
) => {
  const allValues = { ...values, ...condition?.values };
  const allNames = { ...names, ...condition?.names };
  return {
    ...(Object.keys(allValues).length ? { ExpressionAttributeValues: allValues } : {}),
    ...(Object.keys(allNames).length ? { ExpressionAttributeNames: allNames } : {}),
  };
};

/** `#status = :status`: the status of an item is a reserved word in expressions. */
export const statusIs = (status: string, placeholder = ':status'): Condition => ({
  expression: `#status = ${placeholder}`,
  values: { [placeholder]: status },
  names: { '#status': 'status' },
});

/** `#status <> :status`. */
export const statusIsNot = (status: string): Condition => ({
  ...statusIs(status),
  expression: '#status <> :status',
});

/** `revision = :expected`: the item is still at the revision that was read (optimistic concurrency). */
export const revisionIs = (revision: number): Condition => ({
  expression: 'revision = :expected',
  values: { ':expected': revision },
});

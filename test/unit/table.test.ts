import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../functions/adapters/dynamodb/table';
import { keys, tableDefinition } from '../../shared';

describe('table definition (one source for CDK, local bootstrap and store)', () => {
  it('creates the table with pk/sk, both GSIs and on-demand billing', () => {
    const input = createTableInput('alliance');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(
      tableDefinition.globalIndexes.map((i) => i.name),
    );
    expect(input.AttributeDefinitions?.map((a) => a.AttributeName).sort()).toEqual([
      'gsi1pk',
      'gsi1sk',
      'gsi2pk',
      'gsi2sk',
      'pk',
      'sk',
    ]);
  });

  it('spells keys in one place, partitioning the audit trail by organisation and month', () => {
    expect(keys.organisation('antwerp')).toEqual({ pk: 'ORG#antwerp', sk: 'PROFILE' });
    expect(keys.member('antwerp', 'ben-antwerp')).toEqual({ pk: 'ORG#antwerp', sk: 'MEMBER#ben-antwerp' });
    expect(keys.memberEmail('Ben@Antwerp.example')).toEqual({ pk: 'EMAIL#ben@antwerp.example', sk: 'EMAIL' });
    expect(keys.audit('antwerp', '2026-11-26T10:00:00.000Z', 'r1')).toEqual({
      pk: 'AUDIT#antwerp#2026-11',
      sk: '2026-11-26T10:00:00.000Z#r1',
    });
  });
});

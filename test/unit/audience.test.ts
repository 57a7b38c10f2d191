import { beforeAll, describe, expect, it } from 'vitest';
import { audience } from '../../web/src/components/addressing';
import { switchLanguage } from '../../web/src/i18n';

const names: Record<string, string> = { antwerp: 'Port of Antwerp-Bruges', rotterdam: 'Port of Rotterdam' };
const nameOf = (id: string) => names[id] ?? id;

describe('who will see it, said before publishing', () => {
  beforeAll(() => switchLanguage('en'));

  it('names the organisations of an AMBER item as people know them', () => {
    expect(audience('TLP:AMBER', 'antwerp', ['rotterdam'], [], nameOf)).toBe(
      'Members of Port of Antwerp-Bruges, Port of Rotterdam.',
    );
    expect(audience('TLP:AMBER+STRICT', 'antwerp', ['rotterdam'], [], nameOf)).toContain(
      'not to be shared onward',
    );
  });

  it('says RED reaches only named people and asks for them when none are chosen', () => {
    expect(audience('TLP:RED', 'antwerp', ['rotterdam'], [], nameOf)).toBe(
      'Only named people: pick at least one below.',
    );
    expect(audience('TLP:RED', 'antwerp', ['rotterdam'], ['ruth-rotterdam'], nameOf)).toContain(
      'ruth-rotterdam',
    );
  });

  it('tells GREEN and CLEAR apart', () => {
    expect(audience('TLP:GREEN', 'antwerp', [], [])).toBe('Every member of every alliance organisation.');
    expect(audience('TLP:CLEAR', 'antwerp', [], [])).toContain('without signing in');
  });
});

describe("who will see it, in the member's language", () => {
  it('says it in French once French is chosen', async () => {
    await switchLanguage('fr');
    try {
      expect(audience('TLP:AMBER', 'antwerp', ['rotterdam'], [], nameOf)).toBe(
        'Les membres de Port of Antwerp-Bruges, Port of Rotterdam.',
      );
    } finally {
      await switchLanguage('en');
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { fieldErrors, plainError, problemMessages } from '../../functions/api/problems';
import { BulletinContent } from '../../shared/bulletin';
import { problemLanguage, problemLanguages, problemMessage } from '../../shared/problem-messages';

// The API loads its sentences with the first problem that names fields (functions/api/problems.ts).
beforeAll(async () => {
  await problemMessages();
});

describe('the language of a problem', () => {
  it('is the first language of Accept-Language that the portal writes, by weight, else English', () => {
    expect(problemLanguage('nl-BE,nl;q=0.9,en;q=0.8')).toBe('nl');
    expect(problemLanguage('pt-PT,de;q=0.5,fr;q=0.7')).toBe('fr');
    expect(problemLanguage('it;q=0, es')).toBe('es');
    expect(problemLanguage('pt-BR')).toBe('en');
    expect(problemLanguage(undefined)).toBe('en');
  });
});

describe('the sentences', () => {
  it('exist for every code in every language, and never in validator words', () => {
    const codes = [
      'required',
      'too_short',
      'too_long',
      'too_few',
      'too_many',
      'too_small',
      'too_big',
      'not_a_date',
      'not_an_email',
      'wrong_form',
      'wrong_type',
      'not_allowed',
      'unknown_field',
      'past_due',
      'listed_twice',
      'not_a_member',
      'too_large',
      'invalid',
    ] as const;
    for (const language of problemLanguages) {
      for (const code of codes) {
        const message = problemMessage(language, 'title', code, { min: 3, max: 200, name: 'x' });
        expect(message, `${language} ${code}`).toMatch(/^[^a-z].*[.!]$/u);
        expect(message).not.toMatch(/undefined|\{|too small|invalid input|expected /i);
      }
    }
  });

  it('turn every zod issue of a bad bulletin into a code and a plain sentence', () => {
    const result = BulletinContent.safeParse({ title: 'ab', severity: 'x', tlp: 'TLP:GREEN', extra: 1 });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!.issues).map((e) => plainError('en', e));
    expect(errors.length).toBeGreaterThan(3);
    for (const e of errors) {
      expect(e.code).not.toBe('');
      expect(e.message).not.toMatch(/too small|invalid input|expected |received/i);
    }
    expect(errors).toContainEqual({
      field: 'title',
      code: 'too_short',
      message: 'Give the title at least 3 characters.',
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';
import { bulletinBody, draftBulletin } from '../support/shared-items';

/**
 * The Contract of issue 11: a refusal names each field with a machine-readable code and says
 * what to do in a plain sentence, in the language of Accept-Language, never in the validator's
 * words. Ten and more bad inputs, in English and in French (and one in each other language).
 */
let portal: TestPortal;
const ben = 'ben@antwerp.example';
let draftId = '';
beforeAll(async () => {
  portal = await createTestPortal();
  draftId = (await draftBulletin(portal, ben)).id;
});

const validatorWords =
  /too small|too big|invalid input|expected |invalid (iso|string|option|format)|received/i;

interface Case {
  name: string;
  path: () => string;
  body: unknown;
  field: string;
  code: string;
  en: string | RegExp;
  fr: string | RegExp;
}

const cases: Case[] = [
  {
    name: 'a short title',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({ title: 'ab' }),
    field: 'title',
    code: 'too_short',
    en: 'Give the title at least 3 characters.',
    fr: 'Donnez au moins 3 caractères pour le titre.',
  },
  {
    name: 'a title over the limit',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({ title: 'x'.repeat(500) }),
    field: 'title',
    code: 'too_long',
    en: /^Keep the title to at most \d+ characters\.$/,
    fr: /^Limitez le titre à \d+ caractères au plus\.$/,
  },
  {
    name: 'no summary',
    path: () => '/api/v1/bulletins',
    body: { ...bulletinBody(), summary: undefined },
    field: 'summary',
    code: 'required',
    en: 'Give the summary.',
    fr: 'Indiquez le résumé.',
  },
  {
    name: 'a due date that is not a date',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({
      requiresAcknowledgement: true,
      recipients: { organisations: ['rotterdam'], members: [] },
      acknowledgeBy: 'next week',
    }),
    field: 'acknowledgeBy',
    code: 'not_a_date',
    en: 'Choose a due date.',
    fr: 'Choisissez une date limite.',
  },
  {
    name: 'a due date in the past',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({
      requiresAcknowledgement: true,
      acknowledgeBy: '2001-01-01T00:00:00.000Z',
    }),
    field: 'acknowledgeBy',
    code: 'past_due',
    en: 'Choose a due date in the future.',
    fr: 'Choisissez une date limite dans le futur.',
  },
  {
    name: 'no category',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({ categories: [] }),
    field: 'categories',
    code: 'too_few',
    en: 'Choose at least one category.',
    fr: 'Choisissez au moins une catégorie.',
  },
  {
    name: 'an unknown severity',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({ severity: 'apocalyptic' }),
    field: 'severity',
    code: 'not_allowed',
    en: 'Choose a severity.',
    fr: 'Choisissez une gravité.',
  },
  {
    name: 'a port that is not a UN/LOCODE',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({ ports: ['ANTWERP'] }),
    field: 'ports.0',
    code: 'wrong_form',
    en: 'Give ports as UN/LOCODEs of five letters, such as NLRTM.',
    fr: 'Indiquez les ports par leur code UN/LOCODE de cinq lettres, par exemple NLRTM.',
  },
  {
    name: 'an AMBER bulletin with no recipients',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({ recipients: { organisations: [], members: [] } }),
    field: 'recipients.organisations',
    code: 'too_few',
    en: 'Give at least 1 entry for the recipient organisations.',
    fr: 'Indiquez au moins 1 élément(s) pour les organisations destinataires.',
  },
  {
    name: 'a recipient that is not a member organisation',
    path: () => '/api/v1/bulletins',
    body: bulletinBody({ recipients: { organisations: ['atlantis'], members: [] } }),
    field: 'recipients.organisations.0',
    code: 'not_a_member',
    en: '“atlantis” is not a member organisation or person you can address.',
    fr: '« atlantis » n’est pas une organisation membre ni une personne que vous pouvez viser.',
  },
  {
    name: 'a field the API does not know',
    path: () => '/api/v1/bulletins',
    body: { ...bulletinBody(), urgent: true },
    field: 'urgent',
    code: 'unknown_field',
    en: '“urgent” is not something this form accepts; leave it out.',
    fr: '« urgent » n’est pas accepté ici ; retirez-le.',
  },
  {
    name: 'an .exe attachment',
    path: () => `/api/v1/bulletins/${draftId}/attachments`,
    body: { fileName: 'invoice.exe', contentType: 'application/x-msdownload', size: 1000 },
    field: 'contentType',
    code: 'not_allowed',
    en: 'This file type is not accepted: use PDF, an image, text, CSV or an Office document.',
    fr: 'Ce type de fichier n’est pas accepté : utilisez un PDF, une image, du texte, un CSV ou un document Office.',
  },
  {
    name: 'a member without an e-mail address',
    path: () => '/api/v1/organisations/antwerp/members',
    body: { email: 'not-an-address', name: 'Zed', role: 'reader' },
    field: 'email',
    code: 'not_an_email',
    en: 'Give an e-mail address such as name@example.org.',
    fr: 'Indiquez une adresse e-mail comme nom@example.org.',
  },
];

describe('plain-language errors (Contract of issue 11)', () => {
  it.each(cases)('$name: a plain sentence in English and in French, the field and code kept', async (c) => {
    for (const [language, expected] of [
      ['en-GB,en;q=0.9', c.en],
      ['fr-BE,fr;q=0.9,en;q=0.5', c.fr],
    ] as const) {
      const as = c.path().includes('/members') ? 'ana@antwerp.example' : ben;
      const res = await portal.request(c.path(), {
        as,
        body: c.body,
        headers: { 'accept-language': language },
      });
      expectProblem(res, 400);
      const error = res.json.errors.find((e: { field: string }) => e.field === c.field);
      expect(error, `${language}: ${JSON.stringify(res.json.errors)}`).toBeDefined();
      expect(error.code).toBe(c.code);
      if (typeof expected === 'string') expect(error.message).toBe(expected);
      else expect(error.message).toMatch(expected);
      for (const e of res.json.errors) expect(e.message).not.toMatch(validatorWords);
      expect(res.json.detail).not.toMatch(validatorWords);
    }
  });

  it('says it in each of the six languages, and in English for any other', async () => {
    const expected: Record<string, string> = {
      'nl-NL': 'Geef de titel minstens 3 tekens.',
      de: 'Bitte mindestens 3 Zeichen für den Titel angeben.',
      'es-ES': 'Dé al menos 3 caracteres para el título.',
      it: 'Dai almeno 3 caratteri per il titolo.',
      'pt-PT': 'Give the title at least 3 characters.',
    };
    for (const [language, message] of Object.entries(expected)) {
      const res = await portal.request('/api/v1/bulletins', {
        as: ben,
        body: bulletinBody({ title: 'ab' }),
        headers: { 'accept-language': language },
      });
      expectProblem(res, 400);
      expect(res.json.errors).toEqual([{ field: 'title', code: 'too_short', message }]);
    }
  });

  it('names the field and the limit when a body is too large (413)', async () => {
    for (const [language, limit] of [
      ['en', 'at most 256 KB'],
      ['fr', 'au plus 256 Ko'],
    ] as const) {
      const rawBody = JSON.stringify(bulletinBody({ body: 'x'.repeat(300 * 1024) }));
      // As browsers and API Gateway send it: with its length declared.
      const res = await portal.request('/api/v1/bulletins', {
        as: ben,
        rawBody,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(rawBody)),
          'accept-language': language,
        },
      });
      expectProblem(res, 413);
      expect(res.json.errors).toEqual([
        { field: 'body', code: 'too_large', message: expect.stringContaining(limit) },
      ]);
    }
  });
});

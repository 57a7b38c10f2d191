/**
 * The sentences a person reads when the API refuses what they sent, in the six languages of the
 * alliance (English otherwise). Problem details keep each error's `field` and a machine-readable
 * `code`; `message` is written from the code and its numbers here, in one place, never from the
 * validator's wording. Small tables on purpose: the API loads no i18n library for them, and the
 * web app shows the message next to its field as it comes.
 */

export const problemLanguages = ['en', 'fr', 'nl', 'de', 'es', 'it'] as const;
export type ProblemLanguage = (typeof problemLanguages)[number];

/** The codes an error in a problem carries (`errors[].code`). */
export type ProblemCode =
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'too_few'
  | 'too_many'
  | 'too_small'
  | 'too_big'
  | 'not_a_date'
  | 'not_an_email'
  | 'wrong_form'
  | 'wrong_type'
  | 'not_allowed'
  | 'unknown_field'
  | 'past_due'
  | 'listed_twice'
  | 'not_a_member'
  | 'too_large'
  | 'invalid';

export interface ProblemParams {
  min?: number;
  max?: number;
  /** The raw field or value the sentence quotes (an unknown field's name, a duplicate id). */
  name?: string;
}

/** `Accept-Language: nl-BE,nl;q=0.9,en;q=0.8` → nl; the first language we write that is asked for. */
export function problemLanguage(header: string | null | undefined): ProblemLanguage {
  if (!header) return 'en';
  const asked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0]!, q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((a) => a.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { base } of asked) {
    if ((problemLanguages as readonly string[]).includes(base)) return base as ProblemLanguage;
  }
  return 'en';
}

/** A field's name as the sentences use it (with its article), by the field's last named part. */
type Nouns = Record<string, string>;

const nouns: Record<ProblemLanguage, Nouns & { other: string }> = {
  en: {
    other: 'this field',
    title: 'the title',
    summary: 'the summary',
    body: 'the text',
    note: 'what changed',
    reason: 'the reason',
    severity: 'the severity',
    tlp: 'the TLP label',
    categories: 'the categories',
    ports: 'the ports',
    originCountries: 'the origin countries',
    organisations: 'the recipient organisations',
    members: 'the named people',
    acknowledgeBy: 'the due date',
    fileName: 'the file name',
    contentType: 'the file type',
    size: 'the file size',
    email: 'the e-mail address',
    name: 'the name',
    role: 'the role',
    country: 'the country',
    unlocode: 'the UN/LOCODE',
    kind: 'the kind of organisation',
    cursor: 'the page link',
    limit: 'the number per page',
    from: 'the start date',
    to: 'the end date',
  },
  fr: {
    other: 'ce champ',
    title: 'le titre',
    summary: 'le résumé',
    body: 'le texte',
    note: 'la description du changement',
    reason: 'le motif',
    severity: 'la gravité',
    tlp: 'le libellé TLP',
    categories: 'les catégories',
    ports: 'les ports',
    originCountries: 'les pays d’origine',
    organisations: 'les organisations destinataires',
    members: 'les personnes nommées',
    acknowledgeBy: 'la date limite',
    fileName: 'le nom du fichier',
    contentType: 'le type de fichier',
    size: 'la taille du fichier',
    email: 'l’adresse e-mail',
    name: 'le nom',
    role: 'le rôle',
    country: 'le pays',
    unlocode: 'le code UN/LOCODE',
    kind: 'le type d’organisation',
    cursor: 'le lien de page',
    limit: 'le nombre par page',
    from: 'la date de début',
    to: 'la date de fin',
  },
  nl: {
    other: 'dit veld',
    title: 'de titel',
    summary: 'de samenvatting',
    body: 'de tekst',
    note: 'de beschrijving van de wijziging',
    reason: 'de reden',
    severity: 'de ernst',
    tlp: 'het TLP-label',
    categories: 'de categorieën',
    ports: 'de havens',
    originCountries: 'de landen van herkomst',
    organisations: 'de ontvangende organisaties',
    members: 'de genoemde personen',
    acknowledgeBy: 'de uiterste datum',
    fileName: 'de bestandsnaam',
    contentType: 'het bestandstype',
    size: 'de bestandsgrootte',
    email: 'het e-mailadres',
    name: 'de naam',
    role: 'de rol',
    country: 'het land',
    unlocode: 'de UN/LOCODE',
    kind: 'het soort organisatie',
    cursor: 'de paginalink',
    limit: 'het aantal per pagina',
    from: 'de begindatum',
    to: 'de einddatum',
  },
  de: {
    other: 'dieses Feld',
    title: 'der Titel',
    summary: 'die Zusammenfassung',
    body: 'der Text',
    note: 'die Beschreibung der Änderung',
    reason: 'der Grund',
    severity: 'der Schweregrad',
    tlp: 'die TLP-Kennzeichnung',
    categories: 'die Kategorien',
    ports: 'die Häfen',
    originCountries: 'die Herkunftsländer',
    organisations: 'die Empfängerorganisationen',
    members: 'die genannten Personen',
    acknowledgeBy: 'die Frist',
    fileName: 'der Dateiname',
    contentType: 'der Dateityp',
    size: 'die Dateigröße',
    email: 'die E-Mail-Adresse',
    name: 'der Name',
    role: 'die Rolle',
    country: 'das Land',
    unlocode: 'der UN/LOCODE',
    kind: 'die Art der Organisation',
    cursor: 'der Seitenlink',
    limit: 'die Anzahl pro Seite',
    from: 'das Anfangsdatum',
    to: 'das Enddatum',
  },
  es: {
    other: 'este campo',
    title: 'el título',
    summary: 'el resumen',
    body: 'el texto',
    note: 'la descripción del cambio',
    reason: 'el motivo',
    severity: 'la gravedad',
    tlp: 'la etiqueta TLP',
    categories: 'las categorías',
    ports: 'los puertos',
    originCountries: 'los países de origen',
    organisations: 'las organizaciones destinatarias',
    members: 'las personas nombradas',
    acknowledgeBy: 'la fecha límite',
    fileName: 'el nombre del archivo',
    contentType: 'el tipo de archivo',
    size: 'el tamaño del archivo',
    email: 'la dirección de correo electrónico',
    name: 'el nombre',
    role: 'el rol',
    country: 'el país',
    unlocode: 'el código UN/LOCODE',
    kind: 'el tipo de organización',
    cursor: 'el enlace de página',
    limit: 'el número por página',
    from: 'la fecha de inicio',
    to: 'la fecha de fin',
  },
  it: {
    other: 'questo campo',
    title: 'il titolo',
    summary: 'il riassunto',
    body: 'il testo',
    note: 'la descrizione della modifica',
    reason: 'il motivo',
    severity: 'la gravità',
    tlp: 'l’etichetta TLP',
    categories: 'le categorie',
    ports: 'i porti',
    originCountries: 'i paesi di origine',
    organisations: 'le organizzazioni destinatarie',
    members: 'le persone nominate',
    acknowledgeBy: 'la scadenza',
    fileName: 'il nome del file',
    contentType: 'il tipo di file',
    size: 'la dimensione del file',
    email: 'l’indirizzo e-mail',
    name: 'il nome',
    role: 'il ruolo',
    country: 'il paese',
    unlocode: 'il codice UN/LOCODE',
    kind: 'il tipo di organizzazione',
    cursor: 'il link di pagina',
    limit: 'il numero per pagina',
    from: 'la data di inizio',
    to: 'la data di fine',
  },
};

type Sentence = (field: string, p: ProblemParams, plural: (n: number) => 'one' | 'other') => string;

const n = (p: ProblemParams, key: 'min' | 'max') => p[key] ?? 0;

/** One sentence per code; `{field}` is the noun above. Said as a request where it can be. */
const sentences: Record<ProblemLanguage, Record<ProblemCode, Sentence>> = {
  en: {
    required: (f) => `Give ${f}.`,
    too_short: (f, p, pl) =>
      `Give ${f} at least ${n(p, 'min')} character${pl(n(p, 'min')) === 'one' ? '' : 's'}.`,
    too_long: (f, p, pl) =>
      `Keep ${f} to at most ${n(p, 'max')} character${pl(n(p, 'max')) === 'one' ? '' : 's'}.`,
    too_few: (f, p, pl) =>
      `Give at least ${n(p, 'min')} ${pl(n(p, 'min')) === 'one' ? 'entry' : 'entries'} for ${f}.`,
    too_many: (f, p, pl) =>
      `Give at most ${n(p, 'max')} ${pl(n(p, 'max')) === 'one' ? 'entry' : 'entries'} for ${f}.`,
    too_small: (f, p) => `Make ${f} at least ${n(p, 'min')}.`,
    too_big: (f, p) => `Make ${f} at most ${n(p, 'max')}.`,
    not_a_date: (f) => `Give ${f} as a date, such as 2026-12-31.`,
    not_an_email: () => 'Give an e-mail address such as name@example.org.',
    wrong_form: (f) => `Write ${f} in the form the hint shows.`,
    wrong_type: (f) => `Give ${f} as the hint shows.`,
    not_allowed: (f) => `Choose ${f} from the values offered.`,
    unknown_field: (_, p) => `“${p.name}” is not something this form accepts; leave it out.`,
    past_due: () => 'Choose a due date in the future.',
    listed_twice: (f, p) => `“${p.name}” is listed twice in ${f}; list it once.`,
    not_a_member: (_, p) => `“${p.name}” is not a member organisation or person you can address.`,
    too_large: (_, p) => `This is too long: everything sent at once may be at most ${n(p, 'max')} KB.`,
    invalid: (f) => `Check ${f}: it is not accepted as given.`,
  },
  fr: {
    required: (f) => `Indiquez ${f}.`,
    too_short: (f, p, pl) =>
      `Donnez au moins ${n(p, 'min')} caractère${pl(n(p, 'min')) === 'one' ? '' : 's'} pour ${f}.`,
    too_long: (f, p) => `Limitez ${f} à ${n(p, 'max')} caractères au plus.`,
    too_few: (f, p) => `Indiquez au moins ${n(p, 'min')} élément(s) pour ${f}.`,
    too_many: (f, p) => `Indiquez au plus ${n(p, 'max')} élément(s) pour ${f}.`,
    too_small: (f, p) => `Indiquez pour ${f} une valeur d’au moins ${n(p, 'min')}.`,
    too_big: (f, p) => `Indiquez pour ${f} une valeur d’au plus ${n(p, 'max')}.`,
    not_a_date: (f) => `Indiquez ${f} sous forme de date, par exemple 2026-12-31.`,
    not_an_email: () => 'Indiquez une adresse e-mail comme nom@example.org.',
    wrong_form: (f) => `Écrivez ${f} sous la forme indiquée.`,
    wrong_type: (f) => `Indiquez ${f} comme l’indique l’aide.`,
    not_allowed: (f) => `Choisissez ${f} parmi les valeurs proposées.`,
    unknown_field: (_, p) => `« ${p.name} » n’est pas accepté ici ; retirez-le.`,
    past_due: () => 'Choisissez une date limite dans le futur.',
    listed_twice: (f, p) => `« ${p.name} » figure deux fois dans ${f} ; indiquez-le une seule fois.`,
    not_a_member: (_, p) =>
      `« ${p.name} » n’est pas une organisation membre ni une personne que vous pouvez viser.`,
    too_large: (_, p) => `C’est trop long : un envoi peut faire au plus ${n(p, 'max')} Ko.`,
    invalid: (f) => `Vérifiez ${f} : la valeur n’est pas acceptée telle quelle.`,
  },
  nl: {
    required: (f) => `Vul ${f} in.`,
    too_short: (f, p, pl) =>
      `Geef ${f} minstens ${n(p, 'min')} ${pl(n(p, 'min')) === 'one' ? 'teken' : 'tekens'}.`,
    too_long: (f, p) => `Houd ${f} op hoogstens ${n(p, 'max')} tekens.`,
    too_few: (f, p) => `Geef minstens ${n(p, 'min')} waarde(n) voor ${f}.`,
    too_many: (f, p) => `Geef hoogstens ${n(p, 'max')} waarden voor ${f}.`,
    too_small: (f, p) => `Maak ${f} minstens ${n(p, 'min')}.`,
    too_big: (f, p) => `Maak ${f} hoogstens ${n(p, 'max')}.`,
    not_a_date: (f) => `Geef ${f} als datum, bijvoorbeeld 2026-12-31.`,
    not_an_email: () => 'Geef een e-mailadres zoals naam@example.org.',
    wrong_form: (f) => `Schrijf ${f} in de vorm die de hint toont.`,
    wrong_type: (f) => `Geef ${f} op zoals de hint toont.`,
    not_allowed: (f) => `Kies ${f} uit de aangeboden waarden.`,
    unknown_field: (_, p) => `‘${p.name}’ wordt hier niet geaccepteerd; laat het weg.`,
    past_due: () => 'Kies een uiterste datum in de toekomst.',
    listed_twice: (f, p) => `‘${p.name}’ staat twee keer in ${f}; noem het één keer.`,
    not_a_member: (_, p) => `‘${p.name}’ is geen lidorganisatie of persoon die u kunt adresseren.`,
    too_large: (_, p) =>
      `Dit is te lang: alles wat u in één keer verstuurt mag hoogstens ${n(p, 'max')} kB zijn.`,
    invalid: (f) => `Controleer ${f}: dit wordt zo niet geaccepteerd.`,
  },
  de: {
    required: (f) => `Bitte ${acc(f)} angeben.`,
    too_short: (f, p) => `Bitte mindestens ${n(p, 'min')} Zeichen für ${acc(f)} angeben.`,
    too_long: (f, p) => `Bitte ${acc(f)} auf höchstens ${n(p, 'max')} Zeichen kürzen.`,
    too_few: (f, p) => `Bitte mindestens ${n(p, 'min')} Einträge für ${acc(f)} angeben.`,
    too_many: (f, p) => `Bitte höchstens ${n(p, 'max')} Einträge für ${acc(f)} angeben.`,
    too_small: (f, p) => `Bitte für ${acc(f)} mindestens ${n(p, 'min')} angeben.`,
    too_big: (f, p) => `Bitte für ${acc(f)} höchstens ${n(p, 'max')} angeben.`,
    not_a_date: (f) => `Bitte ${acc(f)} als Datum angeben, etwa 2026-12-31.`,
    not_an_email: () => 'Bitte eine E-Mail-Adresse wie name@example.org angeben.',
    wrong_form: (f) => `Bitte ${acc(f)} in der Form des Hinweises schreiben.`,
    wrong_type: (f) => `Bitte ${acc(f)} so angeben, wie der Hinweis zeigt.`,
    not_allowed: (f) => `Bitte ${acc(f)} aus den angebotenen Werten wählen.`,
    unknown_field: (_, p) => `„${p.name}“ wird hier nicht angenommen; bitte weglassen.`,
    past_due: () => 'Bitte eine Frist in der Zukunft wählen.',
    listed_twice: (f, p) => `„${p.name}“ steht zweimal in ${f}; bitte nur einmal nennen.`,
    not_a_member: (_, p) =>
      `„${p.name}“ ist keine Mitgliedsorganisation oder Person, die Sie adressieren können.`,
    too_large: (_, p) => `Das ist zu lang: eine Sendung darf höchstens ${n(p, 'max')} KB groß sein.`,
    invalid: (f) => `Bitte ${acc(f)} prüfen: so wird es nicht angenommen.`,
  },
  es: {
    required: (f) => `Indique ${f}.`,
    too_short: (f, p, pl) =>
      `Dé al menos ${n(p, 'min')} ${pl(n(p, 'min')) === 'one' ? 'carácter' : 'caracteres'} para ${f}.`,
    too_long: (f, p) => `Limite ${f} a ${n(p, 'max')} caracteres como máximo.`,
    too_few: (f, p) => `Indique al menos ${n(p, 'min')} elemento(s) para ${f}.`,
    too_many: (f, p) => `Indique como máximo ${n(p, 'max')} elementos para ${f}.`,
    too_small: (f, p) => `Indique para ${f} un valor de al menos ${n(p, 'min')}.`,
    too_big: (f, p) => `Indique para ${f} un valor de como máximo ${n(p, 'max')}.`,
    not_a_date: (f) => `Indique ${f} como fecha, por ejemplo 2026-12-31.`,
    not_an_email: () => 'Indique una dirección de correo como nombre@example.org.',
    wrong_form: (f) => `Escriba ${f} en la forma que muestra la ayuda.`,
    wrong_type: (f) => `Indique ${f} como muestra la ayuda.`,
    not_allowed: (f) => `Elija ${f} entre los valores ofrecidos.`,
    unknown_field: (_, p) => `«${p.name}» no se acepta aquí; quítelo.`,
    past_due: () => 'Elija una fecha límite en el futuro.',
    listed_twice: (f, p) => `«${p.name}» aparece dos veces en ${f}; indíquelo una sola vez.`,
    not_a_member: (_, p) =>
      `«${p.name}» no es una organización miembro ni una persona a la que pueda dirigirse.`,
    too_large: (_, p) => `Es demasiado largo: un envío puede ocupar como máximo ${n(p, 'max')} KB.`,
    invalid: (f) => `Revise ${f}: no se acepta tal como está.`,
  },
  it: {
    required: (f) => `Indica ${f}.`,
    too_short: (f, p, pl) =>
      `Dai almeno ${n(p, 'min')} ${pl(n(p, 'min')) === 'one' ? 'carattere' : 'caratteri'} per ${f}.`,
    too_long: (f, p) => `Limita ${f} a ${n(p, 'max')} caratteri al massimo.`,
    too_few: (f, p) => `Indica almeno ${n(p, 'min')} elemento/i per ${f}.`,
    too_many: (f, p) => `Indica al massimo ${n(p, 'max')} elementi per ${f}.`,
    too_small: (f, p) => `Indica per ${f} un valore di almeno ${n(p, 'min')}.`,
    too_big: (f, p) => `Indica per ${f} un valore di al massimo ${n(p, 'max')}.`,
    not_a_date: (f) => `Indica ${f} come data, per esempio 2026-12-31.`,
    not_an_email: () => 'Indica un indirizzo e-mail come nome@example.org.',
    wrong_form: (f) => `Scrivi ${f} nella forma indicata dal suggerimento.`,
    wrong_type: (f) => `Indica ${f} come mostra il suggerimento.`,
    not_allowed: (f) => `Scegli ${f} tra i valori proposti.`,
    unknown_field: (_, p) => `«${p.name}» non è accettato qui; toglilo.`,
    past_due: () => 'Scegli una scadenza nel futuro.',
    listed_twice: (f, p) => `«${p.name}» compare due volte in ${f}; indicalo una volta sola.`,
    not_a_member: (_, p) =>
      `«${p.name}» non è un’organizzazione membro né una persona a cui puoi rivolgerti.`,
    too_large: (_, p) => `È troppo lungo: un invio può essere al massimo di ${n(p, 'max')} KB.`,
    invalid: (f) => `Controlla ${f}: così non è accettato.`,
  },
};

/** German nouns are kept in the nominative; "für"/objects want the accusative of der → den. */
function acc(noun: string): string {
  return noun.replace(/^der /, 'den ');
}

/**
 * Sentences that say more than the general one for a field, as the issue asks them to be
 * written: "Choose a due date", "This file type is not accepted: …".
 */
const special: Record<ProblemLanguage, Partial<Record<`${ProblemCode}:${string}`, string>>> = {
  en: {
    'required:acknowledgeBy': 'Choose a due date.',
    'not_a_date:acknowledgeBy': 'Choose a due date.',
    'not_allowed:contentType':
      'This file type is not accepted: use PDF, an image, text, CSV or an Office document.',
    'too_few:categories': 'Choose at least one category.',
    'required:severity': 'Choose a severity.',
    'not_allowed:severity': 'Choose a severity.',
    'wrong_form:ports': 'Give ports as UN/LOCODEs of five letters, such as NLRTM.',
    'wrong_form:unlocode': 'Give the UN/LOCODE as five letters, such as NLRTM.',
    'wrong_form:originCountries': 'Give countries as two-letter ISO codes, such as CO.',
    'wrong_form:country': 'Give the country as a two-letter ISO code, such as BE.',
  },
  fr: {
    'required:acknowledgeBy': 'Choisissez une date limite.',
    'not_a_date:acknowledgeBy': 'Choisissez une date limite.',
    'not_allowed:contentType':
      'Ce type de fichier n’est pas accepté : utilisez un PDF, une image, du texte, un CSV ou un document Office.',
    'too_few:categories': 'Choisissez au moins une catégorie.',
    'required:severity': 'Choisissez une gravité.',
    'not_allowed:severity': 'Choisissez une gravité.',
    'wrong_form:ports': 'Indiquez les ports par leur code UN/LOCODE de cinq lettres, par exemple NLRTM.',
    'wrong_form:unlocode': 'Indiquez le code UN/LOCODE en cinq lettres, par exemple NLRTM.',
    'wrong_form:originCountries': 'Indiquez les pays par leur code ISO à deux lettres, par exemple CO.',
    'wrong_form:country': 'Indiquez le pays par son code ISO à deux lettres, par exemple BE.',
  },
  nl: {
    'required:acknowledgeBy': 'Kies een uiterste datum.',
    'not_a_date:acknowledgeBy': 'Kies een uiterste datum.',
    'not_allowed:contentType':
      'Dit bestandstype wordt niet geaccepteerd: gebruik PDF, een afbeelding, tekst, CSV of een Office-document.',
    'too_few:categories': 'Kies minstens één categorie.',
    'required:severity': 'Kies een ernst.',
    'not_allowed:severity': 'Kies een ernst.',
    'wrong_form:ports': 'Geef havens als UN/LOCODE van vijf letters, bijvoorbeeld NLRTM.',
    'wrong_form:unlocode': 'Geef de UN/LOCODE als vijf letters, bijvoorbeeld NLRTM.',
    'wrong_form:originCountries': 'Geef landen als ISO-code van twee letters, bijvoorbeeld CO.',
    'wrong_form:country': 'Geef het land als ISO-code van twee letters, bijvoorbeeld BE.',
  },
  de: {
    'required:acknowledgeBy': 'Bitte eine Frist wählen.',
    'not_a_date:acknowledgeBy': 'Bitte eine Frist wählen.',
    'not_allowed:contentType':
      'Dieser Dateityp wird nicht angenommen: bitte PDF, ein Bild, Text, CSV oder ein Office-Dokument verwenden.',
    'too_few:categories': 'Bitte mindestens eine Kategorie wählen.',
    'required:severity': 'Bitte einen Schweregrad wählen.',
    'not_allowed:severity': 'Bitte einen Schweregrad wählen.',
    'wrong_form:ports': 'Bitte Häfen als UN/LOCODE aus fünf Buchstaben angeben, etwa NLRTM.',
    'wrong_form:unlocode': 'Bitte den UN/LOCODE aus fünf Buchstaben angeben, etwa NLRTM.',
    'wrong_form:originCountries': 'Bitte Länder als zweistelligen ISO-Code angeben, etwa CO.',
    'wrong_form:country': 'Bitte das Land als zweistelligen ISO-Code angeben, etwa BE.',
  },
  es: {
    'required:acknowledgeBy': 'Elija una fecha límite.',
    'not_a_date:acknowledgeBy': 'Elija una fecha límite.',
    'not_allowed:contentType':
      'Este tipo de archivo no se acepta: use PDF, una imagen, texto, CSV o un documento de Office.',
    'too_few:categories': 'Elija al menos una categoría.',
    'required:severity': 'Elija una gravedad.',
    'not_allowed:severity': 'Elija una gravedad.',
    'wrong_form:ports': 'Indique los puertos con su código UN/LOCODE de cinco letras, por ejemplo NLRTM.',
    'wrong_form:unlocode': 'Indique el código UN/LOCODE con cinco letras, por ejemplo NLRTM.',
    'wrong_form:originCountries': 'Indique los países con su código ISO de dos letras, por ejemplo CO.',
    'wrong_form:country': 'Indique el país con su código ISO de dos letras, por ejemplo BE.',
  },
  it: {
    'required:acknowledgeBy': 'Scegli una scadenza.',
    'not_a_date:acknowledgeBy': 'Scegli una scadenza.',
    'not_allowed:contentType':
      'Questo tipo di file non è accettato: usa PDF, un’immagine, testo, CSV o un documento Office.',
    'too_few:categories': 'Scegli almeno una categoria.',
    'required:severity': 'Scegli una gravità.',
    'not_allowed:severity': 'Scegli una gravità.',
    'wrong_form:ports': 'Indica i porti con il codice UN/LOCODE di cinque lettere, per esempio NLRTM.',
    'wrong_form:unlocode': 'Indica il codice UN/LOCODE di cinque lettere, per esempio NLRTM.',
    'wrong_form:originCountries': 'Indica i paesi con il codice ISO di due lettere, per esempio CO.',
    'wrong_form:country': 'Indica il paese con il codice ISO di due lettere, per esempio BE.',
  },
};

/** `changes.summary` → summary, `ports.2` → ports, `recipients.organisations.0` → organisations. */
export const fieldName = (field: string) =>
  field
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .at(-1) ?? field;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plurals = new Map<ProblemLanguage, Intl.PluralRules>();

/** The sentence for one error, in the language asked for. */
export function problemMessage(
  language: ProblemLanguage,
  field: string,
  code: ProblemCode,
  params: ProblemParams = {},
): string {
  const name = fieldName(field);
  const own = special[language][`${code}:${name}`];
  if (own) return own;
  let rules = plurals.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    plurals.set(language, rules);
  }
  const pl = (count: number) => (rules.select(count) === 'one' ? 'one' : 'other');
  const noun = nouns[language][name] ?? nouns[language].other;
  return capitalise(sentences[language][code](noun, params, pl));
}

/** Problem titles people read, by status; `type` stays the English slug for machines. */
const titles: Record<ProblemLanguage, Partial<Record<number, string>>> = {
  en: { 400: 'Check what you entered', 413: 'Too much at once' },
  fr: { 400: 'Vérifiez votre saisie', 413: 'Trop volumineux' },
  nl: { 400: 'Controleer wat u hebt ingevuld', 413: 'Te veel in één keer' },
  de: { 400: 'Bitte Eingaben prüfen', 413: 'Zu groß' },
  es: { 400: 'Revise lo que ha introducido', 413: 'Demasiado grande' },
  it: { 400: 'Controlla i dati inseriti', 413: 'Troppo grande' },
};

const fixAll: Record<ProblemLanguage, string> = {
  en: 'Some of what was sent needs correcting; each field says what to do.',
  fr: 'Une partie de l’envoi doit être corrigée ; chaque champ dit quoi faire.',
  nl: 'Een deel van wat is verstuurd moet worden verbeterd; elk veld zegt wat te doen.',
  de: 'Ein Teil der Angaben muss korrigiert werden; jedes Feld sagt, was zu tun ist.',
  es: 'Parte de lo enviado debe corregirse; cada campo dice qué hacer.',
  it: 'Parte di quanto inviato va corretto; ogni campo dice cosa fare.',
};

/** The title and detail of a validation problem (400 with field errors, 413) in the language asked for. */
export function problemWords(language: ProblemLanguage, status: number): { title?: string; detail: string } {
  return { title: titles[language][status], detail: fixAll[language] };
}

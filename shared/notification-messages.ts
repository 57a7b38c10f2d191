/**
 * The words of notification e-mails in the alliance's six languages (the same list as problem
 * messages, shared/problem-messages.ts). A small table on purpose: the notify job loads no i18n
 * library, and every sentence takes only the label, the publisher's name and the kind of item,
 * never anything an item says (shared/notification.ts `mailOf`).
 */
import { type ProblemLanguage, problemLanguages } from './problem-messages';

export const mailLanguages = problemLanguages;
export type MailLanguage = ProblemLanguage;

/** `{publisher}`, `{label}`, `{type}` are filled in; nothing else is. */
export interface MailCatalogue {
  types: { bulletin: string; document: string; checklist: string; member: string };
  headline: {
    published: string;
    revised: string;
    acknowledged: string;
    due_in_7_days: string;
    due_tomorrow: string;
    due_today: string;
    overdue: string;
    overdue_summary: string;
    member_invited: string;
    member_suspended: string;
    malware_found: string;
    access_review_due: string;
    access_review_overdue: string;
    webhook_paused: string;
  };
  restrictedNote: string;
  open: string;
  openHtml: string;
  preferences: string;
  unsubscribe: string;
  overdueOrganisations: string;
  digestSubject: string;
  digestIntro: string;
}

export const mailCatalogue: Record<MailLanguage, MailCatalogue> = {
  en: {
    types: {
      bulletin: 'bulletin',
      document: 'best-practice document',
      checklist: 'checklist',
      member: 'member',
    },
    headline: {
      published: '{publisher} posted a {label} {type} for you',
      revised: '{publisher} revised a {label} {type}: please acknowledge it again',
      acknowledged: '{publisher} acknowledged your {label} {type}',
      due_in_7_days: 'A {label} {type} from {publisher} is due in 7 days',
      due_tomorrow: 'A {label} {type} from {publisher} is due tomorrow',
      due_today: 'A {label} {type} from {publisher} is due today',
      overdue: 'A {label} {type} from {publisher} is overdue',
      overdue_summary: 'Recipients of your {label} {type} are overdue',
      member_invited: 'A new member was invited to {publisher}',
      member_suspended: 'A member of {publisher} was suspended',
      malware_found: 'A file {publisher} shared contains malware: the portal does not serve it',
      access_review_due:
        'The access review of {publisher} is due: confirm that each member still needs access',
      access_review_overdue:
        'The access review of {publisher} is overdue: confirm that each member still needs access',
      webhook_paused: 'A webhook of {publisher} was paused: its endpoint has failed for a day',
    },
    restrictedNote: 'Its content stays in the portal: {label} material is never sent by e-mail.',
    open: 'Open it (sign-in needed):',
    openHtml: 'Open it in the portal (sign-in needed)',
    preferences: 'Choose which e-mails you get:',
    unsubscribe: 'Stop e-mails of this kind:',
    overdueOrganisations: 'Not acknowledged yet:',
    digestSubject: 'Your daily summary from the Alliance portal',
    digestIntro: 'What happened since your last summary:',
  },
  fr: {
    types: {
      bulletin: 'bulletin',
      document: 'document de bonnes pratiques',
      checklist: 'liste de contrôle',
      member: 'membre',
    },
    headline: {
      published: '{publisher} a publié pour vous un {type} {label}',
      revised: '{publisher} a révisé un {type} {label} : merci d’en accuser réception à nouveau',
      acknowledged: '{publisher} a accusé réception de votre {type} {label}',
      due_in_7_days: 'Un {type} {label} de {publisher} est à traiter dans 7 jours',
      due_tomorrow: 'Un {type} {label} de {publisher} est à traiter demain',
      due_today: 'Un {type} {label} de {publisher} est à traiter aujourd’hui',
      overdue: 'Un {type} {label} de {publisher} est en retard',
      overdue_summary: 'Des destinataires de votre {type} {label} sont en retard',
      member_invited: 'Un nouveau membre a été invité chez {publisher}',
      member_suspended: 'Un membre de {publisher} a été suspendu',
      malware_found:
        'Un fichier partagé par {publisher} contient un logiciel malveillant : le portail ne le sert pas',
      access_review_due:
        'La revue des accès de {publisher} arrive à échéance : confirmez que chaque membre a encore besoin d’accès',
      access_review_overdue:
        'La revue des accès de {publisher} est en retard : confirmez que chaque membre a encore besoin d’accès',
      webhook_paused: 'Un webhook de {publisher} a été mis en pause : son adresse échoue depuis un jour',
    },
    restrictedNote: 'Son contenu reste dans le portail : un contenu {label} n’est jamais envoyé par e-mail.',
    open: 'L’ouvrir (connexion requise) :',
    openHtml: 'L’ouvrir dans le portail (connexion requise)',
    preferences: 'Choisir les e-mails que vous recevez :',
    unsubscribe: 'Ne plus recevoir ce type d’e-mail :',
    overdueOrganisations: 'Pas encore d’accusé de réception :',
    digestSubject: 'Votre résumé quotidien du portail de l’Alliance',
    digestIntro: 'Ce qui s’est passé depuis votre dernier résumé :',
  },
  nl: {
    types: { bulletin: 'bulletin', document: 'best-practicedocument', checklist: 'checklist', member: 'lid' },
    headline: {
      published: '{publisher} heeft een {label} {type} voor u geplaatst',
      revised: '{publisher} heeft een {label} {type} herzien: bevestig opnieuw',
      acknowledged: '{publisher} heeft uw {label} {type} bevestigd',
      due_in_7_days: 'Een {label} {type} van {publisher} vervalt over 7 dagen',
      due_tomorrow: 'Een {label} {type} van {publisher} vervalt morgen',
      due_today: 'Een {label} {type} van {publisher} vervalt vandaag',
      overdue: 'Een {label} {type} van {publisher} is te laat',
      overdue_summary: 'Ontvangers van uw {label} {type} zijn te laat',
      member_invited: 'Er is een nieuw lid uitgenodigd bij {publisher}',
      member_suspended: 'Een lid van {publisher} is geschorst',
      malware_found: 'Een bestand dat {publisher} deelde bevat malware: het portaal levert het niet',
      access_review_due:
        'De toegangscontrole van {publisher} vervalt: bevestig dat elk lid nog toegang nodig heeft',
      access_review_overdue:
        'De toegangscontrole van {publisher} is te laat: bevestig dat elk lid nog toegang nodig heeft',
      webhook_paused: 'Een webhook van {publisher} is gepauzeerd: het adres faalt al een dag',
    },
    restrictedNote: 'De inhoud blijft in het portaal: {label}-materiaal wordt nooit per e-mail verstuurd.',
    open: 'Openen (aanmelden nodig):',
    openHtml: 'Openen in het portaal (aanmelden nodig)',
    preferences: 'Kies welke e-mails u krijgt:',
    unsubscribe: 'Geen e-mails van deze soort meer:',
    overdueOrganisations: 'Nog niet bevestigd:',
    digestSubject: 'Uw dagelijkse samenvatting van het Alliance-portaal',
    digestIntro: 'Wat er gebeurde sinds uw vorige samenvatting:',
  },
  de: {
    types: {
      bulletin: 'Bulletin',
      document: 'Best-Practice-Dokument',
      checklist: 'Checkliste',
      member: 'Mitglied',
    },
    headline: {
      published: '{publisher} hat ein {label} {type} für Sie veröffentlicht',
      revised: '{publisher} hat ein {label} {type} überarbeitet: bitte erneut bestätigen',
      acknowledged: '{publisher} hat Ihr {label} {type} bestätigt',
      due_in_7_days: 'Ein {label} {type} von {publisher} ist in 7 Tagen fällig',
      due_tomorrow: 'Ein {label} {type} von {publisher} ist morgen fällig',
      due_today: 'Ein {label} {type} von {publisher} ist heute fällig',
      overdue: 'Ein {label} {type} von {publisher} ist überfällig',
      overdue_summary: 'Empfänger Ihres {label} {type} sind überfällig',
      member_invited: 'Bei {publisher} wurde ein neues Mitglied eingeladen',
      member_suspended: 'Ein Mitglied von {publisher} wurde gesperrt',
      malware_found:
        'Eine von {publisher} geteilte Datei enthält Schadsoftware: das Portal liefert sie nicht aus',
      access_review_due:
        'Die Zugangsprüfung von {publisher} ist fällig: bestätigen Sie, dass jedes Mitglied den Zugang noch braucht',
      access_review_overdue:
        'Die Zugangsprüfung von {publisher} ist überfällig: bestätigen Sie, dass jedes Mitglied den Zugang noch braucht',
      webhook_paused: 'Ein Webhook von {publisher} wurde pausiert: sein Endpunkt schlägt seit einem Tag fehl',
    },
    restrictedNote: 'Der Inhalt bleibt im Portal: {label}-Material wird nie per E-Mail versandt.',
    open: 'Öffnen (Anmeldung nötig):',
    openHtml: 'Im Portal öffnen (Anmeldung nötig)',
    preferences: 'Wählen Sie, welche E-Mails Sie erhalten:',
    unsubscribe: 'Keine E-Mails dieser Art mehr:',
    overdueOrganisations: 'Noch nicht bestätigt:',
    digestSubject: 'Ihre tägliche Zusammenfassung aus dem Alliance-Portal',
    digestIntro: 'Was seit Ihrer letzten Zusammenfassung geschah:',
  },
  es: {
    types: {
      bulletin: 'boletín',
      document: 'documento de buenas prácticas',
      checklist: 'lista de control',
      member: 'miembro',
    },
    headline: {
      published: '{publisher} ha publicado un {type} {label} para usted',
      revised: '{publisher} ha revisado un {type} {label}: confirme de nuevo su recepción',
      acknowledged: '{publisher} ha confirmado la recepción de su {type} {label}',
      due_in_7_days: 'Un {type} {label} de {publisher} vence en 7 días',
      due_tomorrow: 'Un {type} {label} de {publisher} vence mañana',
      due_today: 'Un {type} {label} de {publisher} vence hoy',
      overdue: 'Un {type} {label} de {publisher} está vencido',
      overdue_summary: 'Destinatarios de su {type} {label} van con retraso',
      member_invited: 'Se ha invitado a un nuevo miembro de {publisher}',
      member_suspended: 'Se ha suspendido a un miembro de {publisher}',
      malware_found: 'Un archivo compartido por {publisher} contiene malware: el portal no lo entrega',
      access_review_due:
        'La revisión de accesos de {publisher} vence: confirme que cada miembro aún necesita acceso',
      access_review_overdue:
        'La revisión de accesos de {publisher} está vencida: confirme que cada miembro aún necesita acceso',
      webhook_paused: 'Se ha pausado un webhook de {publisher}: su dirección falla desde hace un día',
    },
    restrictedNote: 'Su contenido se queda en el portal: el material {label} nunca se envía por correo.',
    open: 'Abrirlo (requiere iniciar sesión):',
    openHtml: 'Abrirlo en el portal (requiere iniciar sesión)',
    preferences: 'Elija qué correos recibe:',
    unsubscribe: 'No recibir más correos de este tipo:',
    overdueOrganisations: 'Aún sin confirmar:',
    digestSubject: 'Su resumen diario del portal de la Alianza',
    digestIntro: 'Lo ocurrido desde su último resumen:',
  },
  it: {
    types: {
      bulletin: 'bollettino',
      document: 'documento di buone pratiche',
      checklist: 'lista di controllo',
      member: 'membro',
    },
    headline: {
      published: '{publisher} ha pubblicato per voi un {type} {label}',
      revised: '{publisher} ha rivisto un {type} {label}: confermatene di nuovo la ricezione',
      acknowledged: '{publisher} ha confermato la ricezione del vostro {type} {label}',
      due_in_7_days: 'Un {type} {label} di {publisher} scade tra 7 giorni',
      due_tomorrow: 'Un {type} {label} di {publisher} scade domani',
      due_today: 'Un {type} {label} di {publisher} scade oggi',
      overdue: 'Un {type} {label} di {publisher} è scaduto',
      overdue_summary: 'Destinatari del vostro {type} {label} sono in ritardo',
      member_invited: 'È stato invitato un nuovo membro di {publisher}',
      member_suspended: 'Un membro di {publisher} è stato sospeso',
      malware_found: 'Un file condiviso da {publisher} contiene malware: il portale non lo fornisce',
      access_review_due:
        'La revisione degli accessi di {publisher} è in scadenza: confermi che ogni membro ha ancora bisogno di accesso',
      access_review_overdue:
        'La revisione degli accessi di {publisher} è scaduta: confermi che ogni membro ha ancora bisogno di accesso',
      webhook_paused: 'Un webhook di {publisher} è stato sospeso: il suo indirizzo non risponde da un giorno',
    },
    restrictedNote: 'Il contenuto resta nel portale: il materiale {label} non viene mai inviato per e-mail.',
    open: 'Aprirlo (accesso richiesto):',
    openHtml: 'Aprirlo nel portale (accesso richiesto)',
    preferences: 'Scegliete quali e-mail ricevere:',
    unsubscribe: 'Non ricevere più e-mail di questo tipo:',
    overdueOrganisations: 'Non ancora confermato:',
    digestSubject: 'Il vostro riepilogo giornaliero dal portale dell’Alleanza',
    digestIntro: 'Cosa è successo dal vostro ultimo riepilogo:',
  },
};

/** Fills `{publisher}`, `{label}`, `{type}`; a value is inserted once, never re-read as a template. */
export const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

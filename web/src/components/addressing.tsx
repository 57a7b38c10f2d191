import './addressing.css';
import type { Organisation } from '../../../shared/organisation';
import { tlpLabels } from '../../../shared/tlp-labels';
import { ApiError } from '../api';
import { t } from '../i18n';
import { tlpMeaning } from '../words';
import { FormField } from './form-field';
import { OrganisationName } from './organisation-name';
import { Loading, ProblemNotice } from './status';
import { TlpBadge } from './tlp-badge';
import { useApi } from './use-api';

/**
 * How a bulletin or a document is addressed, as the compose and publish pages ask for it: the TLP
 * label with what it means and who will see the item, the recipient organisations, the named
 * people for TLP:RED, and whether recipients must acknowledge by a date. Shared so both areas
 * explain the labels in the same words.
 */

/** Who a label reaches, in words, for "who will see it". */
export function audience(
  tlp: string,
  authorOrganisation: string,
  organisations: string[],
  members: string[],
  /** Organisation names by id, so the sentence names organisations as people know them. */
  nameOf: (organisationId: string) => string = (id) => id,
): string {
  switch (tlp) {
    case 'TLP:CLEAR':
      return t('addressing.clear');
    case 'TLP:GREEN':
      return t('addressing.green');
    case 'TLP:AMBER':
    case 'TLP:AMBER+STRICT':
      return t(tlp === 'TLP:AMBER+STRICT' ? 'addressing.amberStrict' : 'addressing.amber', {
        organisations: [authorOrganisation, ...organisations].map(nameOf).join(', '),
      });
    case 'TLP:RED':
      return members.length
        ? t('addressing.redNamed', { members: members.join(', ') })
        : t('addressing.redNone');
    default:
      return '';
  }
}

/** Field errors whose field starts with `prefix` (e.g. `recipients.organisations.2`). */
function FieldErrors({ error, prefix }: { error: unknown; prefix: string }) {
  if (!(error instanceof ApiError)) return null;
  return (
    <>
      {Object.entries(error.fieldErrors)
        .filter(([f]) => f.startsWith(prefix))
        .map(([f, m]) => (
          <span key={f} class="field-error">
            {m}
          </span>
        ))}
    </>
  );
}

/** The TLP label as radio buttons with FIRST's meanings, and who will see the item. */
export function TlpChoice(props: {
  tlp: string;
  onChange: (tlp: string) => void;
  authorOrganisation: string;
  organisations: string[];
  members: string[];
  /** The alliance's organisations, to name the chosen ones. */
  directory?: Organisation[];
}) {
  const nameOf = (id: string) => props.directory?.find((o) => o.id === id)?.name ?? id;
  return (
    <>
      <fieldset class="tlp-choice">
        <legend>{t('addressing.tlpLabel')}</legend>
        {tlpLabels.map((label) => (
          <label key={label} class="tlp-option">
            <input
              type="radio"
              name="tlp"
              value={label}
              checked={props.tlp === label}
              onChange={() => props.onChange(label)}
            />{' '}
            <TlpBadge label={label} describe={false} /> <span class="muted">{tlpMeaning(label)}</span>
          </label>
        ))}
      </fieldset>
      <div class="notice who-will-see" aria-live="polite">
        <strong>{t('addressing.whoWillSee')}</strong>{' '}
        {audience(props.tlp, props.authorOrganisation, props.organisations, props.members, nameOf)}
      </div>
    </>
  );
}

const toggle = (list: string[], id: string, on: boolean) =>
  on ? [...list, id] : list.filter((x) => x !== id);

/** Recipient organisations (every other member organisation), and named people for TLP:RED. */
export function RecipientFields(props: {
  tlp: string;
  authorOrganisation: string;
  /** The alliance's organisations; the author's own is left out (it always sees its items). */
  organisations: Organisation[];
  chosen: string[];
  onChosen: (next: string[]) => void;
  members: string[];
  onMembers: (next: string[]) => void;
  error: unknown;
}) {
  const others = props.organisations.filter((o) => o.id !== props.authorOrganisation);
  return (
    <>
      <fieldset>
        <legend>{t('addressing.recipients')}</legend>
        {others.length === 0 && <Loading what={t('addressing.loadingOrgs')} />}
        <div class="recipient-grid">
          {others.map((o) => (
            <label key={o.id} class="check">
              <input
                type="checkbox"
                name="recipient"
                value={o.id}
                checked={props.chosen.includes(o.id)}
                onChange={(e) =>
                  props.onChosen(toggle(props.chosen, o.id, (e.currentTarget as HTMLInputElement).checked))
                }
              />{' '}
              {o.name}
            </label>
          ))}
        </div>
        <FieldErrors error={props.error} prefix="recipients.organisations" />
      </fieldset>
      {props.tlp === 'TLP:RED' && (
        <fieldset>
          <legend>{t('addressing.named')}</legend>
          {[props.authorOrganisation, ...props.chosen].map((org) => (
            <MemberPicker key={org} organisationId={org} chosen={props.members} onChange={props.onMembers} />
          ))}
          <FieldErrors error={props.error} prefix="recipients.members" />
        </fieldset>
      )}
    </>
  );
}

function MemberPicker(props: {
  organisationId: string;
  chosen: string[];
  onChange: (next: string[]) => void;
}) {
  const candidates = useApi<{ items: { id: string; name: string }[] }>(
    `/api/v1/recipients/${encodeURIComponent(props.organisationId)}/members`,
  );
  return (
    <div class="member-picker">
      <p class="muted">
        <OrganisationName id={props.organisationId} />
      </p>
      {candidates.error ? <ProblemNotice error={candidates.error} /> : null}
      {(candidates.data?.items ?? []).map((m) => (
        <label key={m.id} class="check">
          <input
            type="checkbox"
            name="member"
            value={m.id}
            checked={props.chosen.includes(m.id)}
            onChange={(e) =>
              props.onChange(toggle(props.chosen, m.id, (e.currentTarget as HTMLInputElement).checked))
            }
          />{' '}
          {m.name}
        </label>
      ))}
    </div>
  );
}

/** "Recipient organisations must acknowledge" and, when ticked, by which day. */
export function AcknowledgementFields(props: {
  required: boolean;
  onRequired: (on: boolean) => void;
  /** yyyy-mm-dd */
  defaultDate?: string | undefined;
  error: unknown;
}) {
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          name="requiresAcknowledgement"
          checked={props.required}
          onChange={(e) => props.onRequired((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t('addressing.mustAcknowledge')}
      </label>
      {props.required && (
        <FormField name="acknowledgeBy" label={t('addressing.acknowledgeBy')} error={props.error}>
          {(control) => <input {...control} type="date" defaultValue={props.defaultDate ?? ''} />}
        </FormField>
      )}
    </>
  );
}

/** A due date picked as a day is the end of that day in UTC. */
export const endOfDay = (day: string) => (day ? new Date(`${day}T23:59:59Z`).toISOString() : null);

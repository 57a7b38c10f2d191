import './checklists.css';
import { useEffect, useState } from 'preact/hooks';
import type { AssessedKind, ChecklistDraft, ControlArea, ItemLevel } from '../../../../shared/checklist';
import { ApiError, api } from '../../api';
import { FormField } from '../../components/form-field';
import { Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { kindLabel } from '../../words';
import type { ChecklistDetail } from './checklist-page';
import { areaLabel, areas, levelLabel } from './checklist-words';

interface ItemDraft {
  /** Kept across edits so answers and counters follow the item; new items get theirs from the server. */
  id?: string;
  text: string;
  guidance: string;
  level: ItemLevel;
  area: ControlArea;
  /** Local key for rendering only. */
  key: number;
}

const assessedKinds: AssessedKind[] = ['port_authority', 'shipping_company', 'agency'];
let nextKey = 1;
const blankItem = (): ItemDraft => ({
  text: '',
  guidance: '',
  level: 'mandatory',
  area: 'access_control',
  key: nextKey++,
});

/** Draft a checklist (new) or edit the working draft of an existing one (`:id/edit`). */
export default function ComposePage({ params }: PageProps) {
  const editing = params.id ?? null;
  const existing = useApi<ChecklistDetail>(
    editing ? `/api/v1/checklists/${encodeURIComponent(editing)}` : null,
  );
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [appliesTo, setAppliesTo] = useState<AssessedKind[]>(['port_authority']);
  const [dueDate, setDueDate] = useState('');
  const [items, setItems] = useState<ItemDraft[]>([blankItem()]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const draft = existing.data?.draft;
    if (!draft) return;
    setTitle(draft.title);
    setDescription(draft.description);
    setAppliesTo(draft.appliesTo);
    setDueDate(draft.dueAt.slice(0, 10));
    setItems(draft.items.map((i) => ({ ...i, key: nextKey++ })));
  }, [existing.data]);

  if (editing && existing.loading && !existing.data) return <Loading what={t('compose.loadingDraft')} />;
  if (editing && !existing.data) return <ProblemNotice error={existing.error} />;

  const update = (key: number, change: Partial<ItemDraft>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));
  const move = (index: number, by: number) =>
    setItems((all) => {
      const next = [...all];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      title,
      description,
      appliesTo,
      // A due date means the end of that day's start in UTC: the same instant for every port.
      dueAt: dueDate ? `${dueDate}T00:00:00.000Z` : '',
      items: items.map(({ key, id, ...rest }) => (id ? { id, ...rest } : rest)),
    };
    try {
      if (editing) {
        await api<ChecklistDraft>(`/api/v1/checklists/${editing}`, {
          method: 'PATCH',
          body,
          headers: { 'if-match': `"${existing.data!.revision}"` },
        });
        navigate(`/checklists/${editing}`);
      } else {
        const created = await api<{ id: string }>('/api/v1/checklists', { body });
        navigate(`/checklists/${created.id}`);
      }
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const itemFields = items.flatMap((_, i) =>
    ['text', 'guidance', 'level', 'area', 'id'].map((f) => `items.${i}.${f}`),
  );
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/checklists">{t('nav.checklists')}</Link>
        {editing && (
          <>
            {' › '}
            <Link href={`/checklists/${editing}`}>{existing.data?.title}</Link>
          </>
        )}
      </p>
      <h1>{editing ? t('checklist.editDraft') : t('checklists.draft')}</h1>
      {editing && existing.data?.current && (
        <p class="muted">
          {t('checklistCompose.stays', {
            version: existing.data.current.version,
            next: existing.data.current.version + 1,
          })}
        </p>
      )}
      <form onSubmit={save} aria-label={t('checklistCompose.form')} noValidate>
        <ProblemNotice error={error} fields={['title', 'description', 'dueAt', 'items', ...itemFields]} />
        <FormField name="title" label={t('compose.title')} error={error}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={title}
              onInput={(e) => setTitle(e.currentTarget.value)}
              required
            />
          )}
        </FormField>
        <FormField
          name="description"
          label={t('checklistCompose.description')}
          error={error}
          hint={t('checklistCompose.descriptionHint')}
        >
          {(control) => (
            <textarea
              {...control}
              value={description}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          )}
        </FormField>
        <fieldset class="kind-choices">
          <legend>{t('checklistCompose.appliesTo')}</legend>
          {assessedKinds.map((kind) => (
            <label key={kind}>
              <input
                type="checkbox"
                name="appliesTo"
                checked={appliesTo.includes(kind)}
                onChange={(e) =>
                  setAppliesTo((all) =>
                    e.currentTarget.checked ? [...all, kind] : all.filter((k) => k !== kind),
                  )
                }
              />{' '}
              {kindLabel(kind)}
            </label>
          ))}
        </fieldset>
        <FormField name="dueAt" label={t('checklistCompose.dueDate')} error={error}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={dueDate}
              onInput={(e) => setDueDate(e.currentTarget.value)}
              required
            />
          )}
        </FormField>

        <h2>{t('checklist.items')}</h2>
        {error instanceof ApiError && error.fieldErrors.items && (
          <p class="field-error">{error.fieldErrors.items}</p>
        )}
        <ol class="item-list">
          {items.map((item, index) => (
            <li key={item.key} class="item-card">
              <fieldset>
                <legend>
                  {t('checklistCompose.item', { n: index + 1 })}
                  {item.id && <span class="muted"> ({item.id})</span>}
                </legend>
                <div class="item-editor">
                  <div class="wide">
                    <FormField
                      name={`items.${index}.text`}
                      label={t('checklistCompose.control')}
                      error={error}
                    >
                      {(control) => (
                        <textarea
                          {...control}
                          value={item.text}
                          onInput={(e) => update(item.key, { text: e.currentTarget.value })}
                        />
                      )}
                    </FormField>
                  </div>
                  <div class="wide">
                    <FormField
                      name={`items.${index}.guidance`}
                      label={t('checklistCompose.guidance')}
                      error={error}
                    >
                      {(control) => (
                        <textarea
                          {...control}
                          value={item.guidance}
                          onInput={(e) => update(item.key, { guidance: e.currentTarget.value })}
                        />
                      )}
                    </FormField>
                  </div>
                  <FormField name={`items.${index}.level`} label={t('checklistCompose.level')} error={error}>
                    {(control) => (
                      <select
                        {...control}
                        value={item.level}
                        onChange={(e) => update(item.key, { level: e.currentTarget.value as ItemLevel })}
                      >
                        {(['mandatory', 'recommended'] as const).map((l) => (
                          <option key={l} value={l}>
                            {levelLabel(l)}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  <FormField name={`items.${index}.area`} label={t('library.area')} error={error}>
                    {(control) => (
                      <select
                        {...control}
                        value={item.area}
                        onChange={(e) => update(item.key, { area: e.currentTarget.value as ControlArea })}
                      >
                        {areas.map((a) => (
                          <option key={a} value={a}>
                            {areaLabel(a)}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                </div>
                <div class="row-actions">
                  <button
                    type="button"
                    class="secondary"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    {t('checklistCompose.moveUp')}
                    <span class="visually-hidden"> {t('checklistCompose.item', { n: index + 1 })}</span>
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    disabled={index === items.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    {t('checklistCompose.moveDown')}
                    <span class="visually-hidden"> {t('checklistCompose.item', { n: index + 1 })}</span>
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => setItems((all) => all.filter((i) => i.key !== item.key))}
                  >
                    {t('attachment.remove')}
                    <span class="visually-hidden"> {t('checklistCompose.item', { n: index + 1 })}</span>
                  </button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <div class="row-actions">
          <button type="button" class="secondary" onClick={() => setItems((all) => [...all, blankItem()])}>
            {t('checklistCompose.addItem')}
          </button>
          <button type="submit" disabled={busy}>
            {busy ? t('compose.saving') : t('compose.saveDraft')}
          </button>
        </div>
      </form>
    </section>
  );
}

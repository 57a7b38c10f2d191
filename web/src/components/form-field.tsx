import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { ApiError } from '../api';

export interface FieldControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control that shows the API's complaint about its field (`errors[].field` of
 * the problem) right under it, linked by aria-describedby so screen readers read it too.
 *
 *   <FormField name="email" label="E-mail" error={error}>
 *     {(control) => <input type="email" {...control} />}
 *   </FormField>
 */
export function FormField(props: {
  name: string;
  label: string;
  error?: unknown;
  hint?: string;
  children: (control: FieldControlProps) => ComponentChildren;
}) {
  const id = useId();
  const message = props.error instanceof ApiError ? props.error.fieldErrors[props.name] : undefined;
  const describedBy = [props.hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={message ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.children({
        id,
        name: props.name,
        'aria-invalid': Boolean(message),
        'aria-describedby': describedBy || undefined,
      })}
      {message && (
        <span class="field-error" id={`${id}-error`}>
          {message}
        </span>
      )}
    </div>
  );
}

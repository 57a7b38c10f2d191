import { useId } from 'preact/hooks';
import { isLanguage, language, languageNames, languages, switchLanguage, t } from '../i18n';

/**
 * The member's language, kept in this browser; the shell renders again in the new language
 * once its catalogue has loaded. Each language is named in itself, with its `lang`.
 */
export function LanguagePicker() {
  const id = useId();
  return (
    <div class="language-picker">
      <label for={id}>{t('app.language')}</label>
      <select
        id={id}
        value={language()}
        onChange={(e) => {
          const next = (e.currentTarget as HTMLSelectElement).value;
          if (isLanguage(next)) void switchLanguage(next, true);
        }}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

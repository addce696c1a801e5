import { useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { REQUIRED_COLUMNS } from '@/utils/catalogue/import';
import { MAPPABLE_FIELDS, type ColumnMapping, type ExportProfile } from '@/utils/catalogue/import-mapping';
import type { TextEncodingChoice } from '@/utils/catalogue/import-table';
import type { MessageKey } from '@/utils/i18n';
import type { TablePreview } from '../import-client';

const TEMPLATE = '__template__';

/**
 * The mapping screen: one row per catalogue field (the schema's list, so new fields appear by
 * themselves), a column of the file chosen for each, and the first rows' values beside it.
 * Plain selects and inputs, so it works with the keyboard and a screen reader as it is.
 */
export function ImportMapping({
  name,
  table,
  profile,
  mapping,
  saved,
  busy,
  onChange,
  onReread,
  onImport,
  onCancel,
}: {
  name: string;
  table: TablePreview;
  profile: ExportProfile;
  mapping: ColumnMapping;
  saved: boolean;
  busy: boolean;
  onChange: (mapping: ColumnMapping) => void;
  onReread: (options: { encoding?: TextEncodingChoice; sheet?: string }) => void;
  onImport: () => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [templates, setTemplates] = useState<Partial<Record<string, boolean>>>({});
  const columnOf = (source: string | undefined) => (source === undefined ? -1 : table.header.indexOf(source));
  const set = (field: string, value: string | undefined) => {
    const next: ColumnMapping = { ...mapping };
    if (value) next[field as keyof ColumnMapping] = value;
    else delete next[field as keyof ColumnMapping];
    onChange(next);
  };
  const delimiterName = table.delimiter === ';' ? 'semicolon' : table.delimiter === '\t' ? 'tab' : 'comma';
  return (
    <div className="tm-mapping" data-testid="import-mapping">
      <h3 id={`${id}-heading`}>{t('optionsMappingHeading')}</h3>
      <p>{t('optionsMappingIntro', name, table.rowCount.toLocaleString(locale))}</p>
      <p data-testid="mapping-profile">{t(`optionsMappingProfile_${profile}` as MessageKey)}</p>
      {saved && <p data-testid="mapping-saved">{t('optionsMappingSaved')}</p>}
      {!mapping.id && (
        <p className="tm-muted" data-testid="mapping-derived-id">
          {t('optionsMappingDerivedId')}
        </p>
      )}
      <p className="tm-mapping-read">
        {table.format === 'csv' && (
          <>
            <span>{t('optionsMappingDelimiter', t(`optionsDelimiter_${delimiterName}`))}</span>{' '}
            <label htmlFor={`${id}-encoding`}>{t('optionsMappingEncoding')}</label>{' '}
            <select
              id={`${id}-encoding`}
              value={table.encoding}
              disabled={busy}
              onChange={(event) => onReread({ encoding: event.target.value as TextEncodingChoice })}
            >
              {(['utf-8', 'windows-1252'] as const).map((encoding) => (
                <option key={encoding} value={encoding}>
                  {t(encoding === 'utf-8' ? 'optionsEncoding_utf8' : 'optionsEncoding_windows1252')}
                </option>
              ))}
            </select>
          </>
        )}
        {table.format === 'xlsx' && table.sheets && (
          <>
            <label htmlFor={`${id}-sheet`}>{t('optionsMappingSheet')}</label>{' '}
            <select id={`${id}-sheet`} value={table.sheet} disabled={busy} onChange={(event) => onReread({ sheet: event.target.value })}>
              {table.sheets.map((sheet) => (
                <option key={sheet} value={sheet}>
                  {sheet}
                </option>
              ))}
            </select>
          </>
        )}
      </p>
      <div className="tm-table-scroll">
        <table aria-labelledby={`${id}-heading`}>
          <thead>
            <tr>
              <th scope="col">{t('optionsMappingField')}</th>
              <th scope="col">{t('optionsMappingColumn')}</th>
              {table.preview.map((_, i) => (
                <th scope="col" key={i}>
                  {t('optionsMappingRow', table.firstRow + i)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {MAPPABLE_FIELDS.map((field) => {
              const source = mapping[field];
              const isTemplate = templates[field] || (source !== undefined && source.includes('{'));
              const index = columnOf(source);
              const selectId = `${id}-${field}`;
              const required = REQUIRED_COLUMNS.includes(field) && field !== 'id';
              return (
                <tr key={field} data-field={field}>
                  <th scope="row">
                    <label htmlFor={selectId}>{required ? t('optionsMappingRequired', field) : field}</label>
                  </th>
                  <td>
                    <select
                      id={selectId}
                      value={isTemplate ? TEMPLATE : (source ?? '')}
                      disabled={busy}
                      onChange={(event) => {
                        const value = event.target.value;
                        setTemplates((all) => ({ ...all, [field]: value === TEMPLATE }));
                        set(field, value === TEMPLATE ? '' : value);
                      }}
                    >
                      <option value="">{t('optionsMappingNone')}</option>
                      {table.header.map((column, c) =>
                        column ? (
                          <option key={c} value={column}>
                            {column}
                          </option>
                        ) : null,
                      )}
                      <option value={TEMPLATE}>{t('optionsMappingTemplate')}</option>
                    </select>
                    {isTemplate && (
                      <input
                        type="text"
                        className="tm-mapping-template"
                        aria-label={t('optionsMappingTemplateLabel', field)}
                        value={source ?? ''}
                        placeholder="https://lms.example.org/course/view.php?name={shortname}"
                        disabled={busy}
                        onChange={(event) => set(field, event.target.value)}
                      />
                    )}
                  </td>
                  {table.preview.map((row, r) => (
                    <td key={r} className="tm-mapping-value">
                      {index >= 0 ? shorten(row[index] ?? '') : ''}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" onClick={onImport} disabled={busy} data-testid="mapping-import">
          {t('optionsMappingImport')}
        </button>{' '}
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('optionsMappingCancel')}
        </button>
      </p>
    </div>
  );
}

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

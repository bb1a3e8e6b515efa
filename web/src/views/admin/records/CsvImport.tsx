import type { SchoolImport } from '@classroom/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { importSchools } from '../../../services/schoolsApi.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useAction } from '../../components/useAction.ts';
import { ImportResult } from './ImportResult.tsx';

/** Schools and classrooms from a spreadsheet saved as CSV: what each row did is shown after. */
export function CsvImport({ adminToken, onImported }: { adminToken: string; onImported: () => Promise<void> }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<SchoolImport | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setResult(null);
    await run(async () => {
      setResult(await importSchools(adminToken, file));
      await onImported();
    });
  };

  return (
    <section className="card" data-testid="csv-import">
      <h2>{t('records.import')}</h2>
      <p className="muted">{t('records.importHint')}</p>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="form__field">
          <span>{t('records.importFile')}</span>
          <input type="file" accept=".csv,text/csv" data-testid="csv-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" className="button button--primary" data-testid="csv-import-submit" disabled={busy || !file}>
          {busy ? t('records.importing') : t('records.importButton')}
        </button>
      </form>
      <ErrorBox error={error} testId="csv-import-error" />
      {result ? <ImportResult result={result} /> : null}
    </section>
  );
}

import { Alert, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { MAPPING_KINDS, type ImportMode, type MappingKind } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { call } from '../../api/client';
import { wordMessage } from '../../i18n/say';
import { useConnectors } from '../../stores/connectors';
import { useTranslation } from 'react-i18next';

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

const MAPPING_LABELS: Record<MappingKind, string> = { gender: 'watches.mapGender', optin: 'watches.mapOptin', yesno: 'watches.mapYesno', optout: 'watches.mapOptout' };

/** The columns to map to Deployteq's values, as the import's --map takes them; only those filled in. */
const mappingOf = (columns: Record<MappingKind, string>) => {
  const filled = MAPPING_KINDS.filter((kind) => columns[kind].trim());
  return filled.length ? Object.fromEntries(filled.map((kind) => [kind, columns[kind].trim()])) : undefined;
};

/** A new watch: the segment it fills, the folder (and file-name pattern) or file, and the import options. */
export function AddWatchForm({ onAdded, onCancel }: { onAdded(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const connectors = useConnectors((s) => s.connectors);
  const [connector, setConnector] = useState<string | null>(connectors[0]?.name ?? null);
  const [segment, setSegment] = useState('');
  const [path, setPath] = useState('');
  const [pattern, setPattern] = useState('');
  const [mode, setMode] = useState<ImportMode>('snapshot');
  const [idColumn, setIdColumn] = useState('');
  const [columns, setColumns] = useState('');
  const [mapping, setMapping] = useState<Record<MappingKind, string>>({ gender: '', optin: '', yesno: '', optout: '' });
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('watches.add', {
        connector: connector ?? '',
        segment,
        path,
        pattern: pattern.trim() || undefined,
        mode,
        idColumn: idColumn.trim() || undefined,
        columns: columns.trim() ? list(columns) : undefined,
        map: mappingOf(mapping),
      });
      onAdded();
    } catch (err) {
      setError(err as ApiErrorShape);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={(e) => void submit(e)} aria-label={t('watches.add')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('watches.connector')} data={connectors.map((c) => c.name)} value={connector} onChange={setConnector} required allowDeselect={false} />
          <TextInput label={t('watches.segment')} description={t('watches.segmentHelp')} value={segment} onChange={(e) => setSegment(e.currentTarget.value)} required />
          <TextInput
            label={t('watches.path')}
            description={t('watches.pathHelp')}
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            required
          />
          <TextInput
            label={t('watches.pattern')}
            description={t('watches.patternHelp')}
            placeholder="members-*.csv"
            value={pattern}
            onChange={(e) => setPattern(e.currentTarget.value)}
          />
          <TextInput label={t('watches.idColumn')} description={t('watches.idColumnHelp')} value={idColumn} onChange={(e) => setIdColumn(e.currentTarget.value)} />
          <TextInput label={t('watches.columns')} description={t('watches.columnsHelp')} value={columns} onChange={(e) => setColumns(e.currentTarget.value)} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {MAPPING_KINDS.map((kind) => (
            <TextInput
              key={kind}
              label={t(MAPPING_LABELS[kind])}
              description={t('watches.mapHelp')}
              value={mapping[kind]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setMapping((m) => ({ ...m, [kind]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        <SegmentedControl
          aria-label={t('watches.mode')}
          value={mode}
          onChange={(v) => setMode(v as ImportMode)}
          data={[
            { value: 'snapshot', label: t('watches.modeSnapshot') },
            { value: 'delta', label: t('watches.modeDelta') },
          ]}
          maw={480}
        />
        {error && (
          <Alert color="red" role="alert" title={t('watches.notAdded')}>
            {wordMessage(error.sentence, error.message)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t('watches.addWatch')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

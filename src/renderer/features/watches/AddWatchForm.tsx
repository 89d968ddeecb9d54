import { Alert, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { MAPPING_KINDS, type ImportMode, type MappingKind } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { call } from '../../api/client';
import { useConnectors } from '../../stores/connectors';

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

const MAPPING_LABELS: Record<MappingKind, string> = { gender: 'Gender column', optin: 'Opt-in column', yesno: 'Yes/no column', optout: 'Opt-out column' };

/** The columns to map to Deployteq's values, as the import's --map takes them; only those filled in. */
const mappingOf = (columns: Record<MappingKind, string>) => {
  const filled = MAPPING_KINDS.filter((kind) => columns[kind].trim());
  return filled.length ? Object.fromEntries(filled.map((kind) => [kind, columns[kind].trim()])) : undefined;
};

/** A new watch: the segment it fills, the folder (and file-name pattern) or file, and the import options. */
export function AddWatchForm({ onAdded, onCancel }: { onAdded(): void; onCancel(): void }) {
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
    <Paper withBorder p="md" radius="md" component="form" onSubmit={(e) => void submit(e)} aria-label="Add a watch">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Connector" data={connectors.map((c) => c.name)} value={connector} onChange={setConnector} required allowDeselect={false} />
          <TextInput label="Segment" description="The Segment Name the files fill" value={segment} onChange={(e) => setSegment(e.currentTarget.value)} required />
          <TextInput
            label="Folder or file"
            description="A folder, or one file (its folder must exist)"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            required
          />
          <TextInput
            label="File-name pattern"
            description="For a folder: * for any characters, ? for one; empty for every file"
            placeholder="members-*.csv"
            value={pattern}
            onChange={(e) => setPattern(e.currentTarget.value)}
          />
          <TextInput label="Identifier column" description="Detected from the header when empty" value={idColumn} onChange={(e) => setIdColumn(e.currentTarget.value)} />
          <TextInput label="Columns to send" description="Comma-separated; every other column when empty" value={columns} onChange={(e) => setColumns(e.currentTarget.value)} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {MAPPING_KINDS.map((kind) => (
            <TextInput
              key={kind}
              label={MAPPING_LABELS[kind]}
              description="Mapped to Deployteq's values; empty for none"
              value={mapping[kind]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setMapping((m) => ({ ...m, [kind]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        <SegmentedControl
          aria-label="Import mode"
          value={mode}
          onChange={(v) => setMode(v as ImportMode)}
          data={[
            { value: 'snapshot', label: 'Snapshot: the whole membership' },
            { value: 'delta', label: 'Delta: an action column' },
          ]}
          maw={480}
        />
        {error && (
          <Alert color="red" role="alert" title="Not added">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            Add watch
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

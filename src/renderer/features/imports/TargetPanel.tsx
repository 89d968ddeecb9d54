import { useTranslation } from 'react-i18next';
import { Autocomplete, Group, NativeSelect, SegmentedControl, Input, Stack, Text } from '@mantine/core';
import { useConnectors } from '../../stores/connectors';
import { effectiveMode, useImports } from '../../stores/imports';
import type { ImportMode } from '../../../shared/model';

const MODE_HELP: Record<ImportMode, string> = { snapshot: 'importing.modeSnapshotHelp', delta: 'importing.modeDeltaHelp' };

/** Where the file goes: the connector, the Segment Name (existing or new), snapshot or delta. */
export function TargetPanel() {
  const { t } = useTranslation();
  const connectors = useConnectors((s) => s.connectors);
  const { choices, choose, inspect, inspection } = useImports();
  const mode = effectiveMode({ choices, inspection });
  const connector = connectors.find((c) => c.name === choices.connector);
  const segments = connector?.segments.map((s) => s.name) ?? [];

  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <NativeSelect
          label={t('common.connector')}
          value={choices.connector ?? ''}
          onChange={(e) => {
            choose({ connector: e.currentTarget.value || null });
            void inspect();
          }}
          data={[{ value: '', label: t('importing.chooseConnector') }, ...connectors.map((c) => ({ value: c.name, label: `${c.name} (${c.customerType})` }))]}
          error={connectors.length === 0 ? t('importing.createConnectorFirst') : undefined}
        />
        <Autocomplete
          label={t('importing.segmentName')}
          description={t(segments.length ? 'importing.segmentPick' : 'importing.segmentType')}
          placeholder={t('importing.segmentPlaceholder')}
          value={choices.segment}
          onChange={(segment) => choose({ segment })}
          data={segments}
        />
      </Group>
      <Input.Wrapper label={t('importing.mode')} id="import-mode">
        <div>
          <SegmentedControl
            aria-labelledby="import-mode-label"
            value={mode}
            onChange={(mode) => {
              choose({ mode: mode as ImportMode });
              void inspect();
            }}
            data={[
              { value: 'snapshot', label: t('importing.modeSnapshot') },
              { value: 'delta', label: t('importing.modeDelta') },
            ]}
          />
        </div>
        <Text size="xs" c="dimmed" mt={4}>
          {t(MODE_HELP[mode])}
          {choices.mode === null && inspection?.mode === 'delta' ? ` ${t('importing.modeChosenBecause', { column: inspection.actionColumn })}` : ''}
        </Text>
      </Input.Wrapper>
    </Stack>
  );
}

import { Alert, Button, Collapse, Divider, Group, Stack, TextInput, UnstyledButton, Text } from '@mantine/core';
import { useState, type FormEvent, type MouseEvent } from 'react';
import type { ConnectorSaved, ConnectorView } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { call } from '../../api/client';
import { EndpointFields } from './EndpointFields';
import { IdentifierField } from './IdentifierField';
import { AdvancedFields } from './AdvancedFields';
import { useTranslation } from 'react-i18next';
import {
  emptyForm,
  errorsFromApi,
  identifierLockReason,
  formFromConnector,
  toConnectorInput,
  toConnectorPatch,
  validateForm,
  withIdentifierType,
  type ConnectorFormValues,
  type FormErrors,
} from './form-model';

interface Props {
  /** The connector being edited; a new one when absent. */
  connector?: ConnectorView;
  onSaved(saved: ConnectorSaved): void;
  onCancel(): void;
}

/**
 * Pressing a button must not first blur the field being typed in: the blur's check shows an error that pushes
 * the buttons down, the mouse comes up beside the button, and the click (the submit that flags every missing
 * field at once) never happens. Keyboard use is untouched.
 */
const keepFocus = (event: MouseEvent) => event.preventDefault();

/** Create or edit a connector, with every problem said beside its field. */
export function ConnectorForm({ connector, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const mode = connector ? 'edit' : 'create';
  const [values, setValues] = useState<ConnectorFormValues>(() => (connector ? formFromConnector(connector) : emptyForm()));
  const [errors, setErrors] = useState<FormErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [advanced, setAdvanced] = useState(false);
  const [saving, setSaving] = useState(false);

  const change = (changes: Partial<ConnectorFormValues>) => setValues((v) => ({ ...v, ...changes }));
  const mergeErrors = (changes: FormErrors) => setErrors((e) => ({ ...e, ...changes }));
  /** Re-checks one field when the operator leaves it, keeping the engine's own endpoint message. */
  const checkField = (field: keyof FormErrors) => mergeErrors({ [field]: validateForm(values, mode)[field] });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateForm(values, mode);
    if (errors.endpoint) found.endpoint = errors.endpoint;
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      if (found.partnerNumber || found.batchSize || found.flushIntervalMinutes || found.dailyLimit) setAdvanced(true);
      return;
    }
    setSaving(true);
    try {
      const saved = connector
        ? await call('connectors.update', { connector: connector.name, patch: toConnectorPatch(values, connector) })
        : await call('connectors.create', toConnectorInput(values));
      onSaved(saved);
    } catch (error) {
      const apiErrors = errorsFromApi(error as ApiErrorShape);
      setErrors(apiErrors);
      if (apiErrors.partnerNumber || apiErrors.batchSize || apiErrors.flushIntervalMinutes || apiErrors.dailyLimit) setAdvanced(true);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={connector ? t('form.editLabel', { name: connector.name }) : t('connectors.new')}>
      <Stack gap="md">
        <TextInput
          label={t('form.name')}
          description={t('form.nameHint')}
          value={values.name}
          onChange={(e) => change({ name: e.currentTarget.value })}
          onBlur={() => checkField('name')}
          error={errors.name}
          required
          data-autofocus
        />
        <EndpointFields
          values={values}
          errors={errors}
          notice={notice}
          tokenHint={connector?.tokenMasked}
          onChange={change}
          onErrors={mergeErrors}
          onNotice={setNotice}
        />
        <IdentifierField
          value={values.identifierType}
          partnerNumber={values.partnerNumber}
          lockedBecause={connector ? identifierLockReason(connector) : null}
          onChange={(t) => setValues((v) => withIdentifierType(v, t))}
        />
        <Divider />
        <UnstyledButton onClick={() => setAdvanced((o) => !o)} aria-expanded={advanced} aria-controls="connector-advanced">
          <Text size="sm" fw={600} c="blue">
            {advanced ? '▾' : '▸'} {t('form.advanced')}
          </Text>
        </UnstyledButton>
        <Collapse in={advanced} id="connector-advanced">
          {advanced && <AdvancedFields values={values} errors={errors} onChange={change} onBlur={checkField} />}
        </Collapse>
        {errors.form && (
          <Alert color="red" variant="light" role="alert" title={t('form.notSaved')}>
            {errors.form}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} onMouseDown={keepFocus}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving} onMouseDown={keepFocus}>
            {connector ? t('form.save') : t('form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Checkbox, NumberInput, Radio, SimpleGrid, Stack, Switch } from '@mantine/core';
import { IDENTIFIER_INFO, LIMITS } from '../../../shared/model';
import type { ConnectorFormValues, FormErrors } from './form-model';
import { CronField } from './CronField';
import { useTranslation } from 'react-i18next';

interface Props {
  values: ConnectorFormValues;
  errors: FormErrors;
  onChange(changes: Partial<ConnectorFormValues>): void;
  onBlur(field: keyof FormErrors): void;
}

/** The settings most people never touch: partner number, batch size, interval, daily limit, auth mode. */
export function AdvancedFields({ values, errors, onChange, onBlur }: Props) {
  const { t } = useTranslation();
  const defaultPartner = IDENTIFIER_INFO[values.identifierType].partner;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={t('form.partner')}
          description={t('form.partnerHint', { partner: defaultPartner, type: IDENTIFIER_INFO[values.identifierType].label })}
          value={values.partnerNumber}
          onChange={(v) => onChange({ partnerNumber: v, partnerCustom: v !== defaultPartner })}
          onBlur={() => onBlur('partnerNumber')}
          error={errors.partnerNumber}
          allowDecimal={false}
          allowNegative={false}
        />
        <NumberInput
          label={t('connectors.batchSize')}
          description={t('form.batchSizeHint', { max: LIMITS.maxBatchSize })}
          value={values.batchSize}
          onChange={(v) => onChange({ batchSize: v })}
          onBlur={() => onBlur('batchSize')}
          error={errors.batchSize}
          allowDecimal={false}
          clampBehavior="none"
        />
        <NumberInput
          label={t('form.interval')}
          description={t('form.intervalHint')}
          value={values.flushIntervalMinutes}
          onChange={(v) => onChange({ flushIntervalMinutes: v })}
          onBlur={() => onBlur('flushIntervalMinutes')}
          error={errors.flushIntervalMinutes}
          allowDecimal={false}
          clampBehavior="none"
        />
      </SimpleGrid>
      <CronField values={values} errors={errors} onChange={onChange} />
      <Switch
        label={t('form.noDailyLimit')}
        checked={values.noDailyLimit}
        onChange={(e) => onChange({ noDailyLimit: e.currentTarget.checked })}
      />
      {!values.noDailyLimit && (
        <NumberInput
          label={t('form.dailyLimit')}
          description={t('form.dailyLimitHint')}
          value={values.dailyLimit}
          onChange={(v) => onChange({ dailyLimit: v })}
          onBlur={() => onBlur('dailyLimit')}
          error={errors.dailyLimit}
          allowDecimal={false}
          thousandSeparator=","
          maw={320}
        />
      )}
      <Radio.Group label={t('form.auth')} value={values.authMode} onChange={(v) => onChange({ authMode: v as ConnectorFormValues['authMode'] })}>
        <Stack gap={6} mt={6}>
          <Radio value="query" label={t('form.authQuery')} />
          <Radio value="bearer" label={t('form.authBearer')} />
        </Stack>
      </Radio.Group>
      <Checkbox
        label={t('hold.checkbox')}
        description={t('hold.checkboxHint')}
        checked={values.holdForReview}
        onChange={(e) => onChange({ holdForReview: e.currentTarget.checked })}
      />
    </Stack>
  );
}

import { SegmentedControl, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Light, dark, or as the OS says (the default); Mantine's manager remembers the choice in localStorage. */
export function ColorSchemeSwitch() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.theme')}
      value={colorScheme}
      onChange={(value) => setColorScheme(value as MantineColorScheme)}
      data={[
        { value: 'auto', label: t('app.themeAuto') },
        { value: 'light', label: t('app.themeLight') },
        { value: 'dark', label: t('app.themeDark') },
      ]}
    />
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Format {
  date(iso: string | null | undefined): string;
  day(iso: string | null | undefined): string;
  number(value: number | null | undefined): string;
  hours(value: number | null | undefined): string;
  list(values: string[]): string;
  /** A citizenship: an ISO 3166 code by its name in the page's language (`AF` → Afghanistan). */
  country(code: string): string;
  /** A code's label (`province`, `khyber-pakhtunkhwa` → "Khyber Pakhtunkhwa"); the code if none. */
  code(group: string, code: string | null | undefined): string;
}

export function useFormat(): Format {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const dayOnly = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    const numbers = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
    const lists = new Intl.ListFormat(language, { type: 'unit' });
    const regions = new Intl.DisplayNames(language, { type: 'region', fallback: 'code' });
    const none = t('common.none');
    return {
      date: (iso) => (iso ? dateTime.format(new Date(iso)) : none),
      day: (iso) => (iso ? dayOnly.format(new Date(iso)) : none),
      number: (value) => (value === null || value === undefined ? none : numbers.format(value)),
      hours: (value) =>
        value === null || value === undefined
          ? none
          : t('common.hours', { value: numbers.format(value) }),
      list: (values) => lists.format(values),
      country: (code) => {
        if (!/^[A-Z]{2}$/.test(code)) return t(`citizenship.${code}`, { defaultValue: code });
        return regions.of(code) ?? code;
      },
      code: (group, code) => (code ? t(`${group}.${code}`, { defaultValue: code }) : none),
    };
  }, [language, t]);
}

import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ur } from './ur';

export const LANGUAGES = ['en', 'ur'] as const;
export type Language = (typeof LANGUAGES)[number];

const LANGUAGE_ITEM = 'safe-referral.console.language';

function stored(): Language {
  const value = sessionStorage.getItem(LANGUAGE_ITEM);
  return value === 'ur' ? 'ur' : 'en';
}

/** The page follows the language: `lang` for screen readers, `dir="rtl"` for Urdu. */
function applyToDocument(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export async function startI18n(): Promise<void> {
  i18next.on('languageChanged', (language) => {
    sessionStorage.setItem(LANGUAGE_ITEM, language);
    applyToDocument(language);
  });
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ur: { translation: ur } },
    lng: stored(),
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(i18next.language);
}

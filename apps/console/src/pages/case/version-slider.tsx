import { useTranslation } from 'react-i18next';

/** Picks the version of the case to replay, 1 … head. */
export function VersionSlider({
  head,
  value,
  onChange,
}: {
  head: number;
  value: number;
  onChange(version: number): void;
}) {
  const { t } = useTranslation();
  const text = t('slider.valueText', { version: value, head });
  return (
    <div className="slider">
      <label htmlFor="version-slider">{t('slider.label')}</label>
      <input
        id="version-slider"
        type="range"
        min={1}
        max={head}
        step={1}
        value={value}
        disabled={head < 2}
        aria-valuetext={text}
        onChange={(event) => onChange(Number(event.target.value))}
      />
      <output htmlFor="version-slider">{text}</output>
    </div>
  );
}

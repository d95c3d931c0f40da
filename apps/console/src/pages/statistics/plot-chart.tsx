import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/**
 * An Observable Plot chart (SVG), shown to the eye; screen readers get its name and the table
 * beside it. Plot puts a <style> element in each chart, which the console's
 * Content-Security-Policy (style-src 'self') would refuse: it is taken out before the chart
 * reaches the page, and styles.css carries the same rules.
 */
export function PlotChart({ options, label }: { options: Plot.PlotOptions; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = container.current;
    if (!target) return;
    const chart = Plot.plot({ ...options, className: 'plot' });
    for (const style of chart.querySelectorAll('style')) style.remove();
    // The wrapper is the image, named; the table beside it carries the figures. Plot's own
    // labels on <g> elements are not allowed there (axe: aria-prohibited-attr).
    for (const labelled of chart.querySelectorAll('[aria-label], [aria-description]')) {
      labelled.removeAttribute('aria-label');
      labelled.removeAttribute('aria-description');
    }
    chart.setAttribute('aria-hidden', 'true');
    target.replaceChildren(chart);
    return () => target.replaceChildren();
  }, [options]);
  return <div className="chart" role="img" aria-label={label} ref={container} dir="ltr" />;
}
